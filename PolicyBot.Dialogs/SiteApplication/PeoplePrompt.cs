using System.Text.RegularExpressions;
using PolicyBot.BotFramework.Builder;
using PolicyBot.Dialogs.Cards;
using PolicyBot.Dialogs.Directory;
using PolicyBot.Dialogs.Engine;

namespace PolicyBot.Dialogs.SiteApplication;

/// <summary>
/// Asks for named people of the school (A.3.1), found in the directory by name or email: several separated by commas
/// or "and". A name that fits nobody, or several people, is asked again with the candidates to choose from.
/// Validations: "min" and "max" people, and "role" (plural, e.g. "administrators") for the reasons.
/// </summary>
public sealed partial class PeoplePrompt(string id, IStaffDirectory directory) : Prompt<IReadOnlyList<FormPerson>>(id)
{
    public const string MinKey = "min";
    public const string MaxKey = "max";
    public const string RoleKey = "role";
    public const string ExcludedIdKey = "excludedId";
    public const string ExcludedReasonKey = "excludedReason";
    private const int Candidates = 5;

    protected override async Task<PromptRecognition<IReadOnlyList<FormPerson>>> RecognizeAsync(ITurnContext turnContext, string answer, PromptOptions options, CancellationToken cancellationToken)
    {
        var min = options.Validations?[MinKey]?.GetValue<int>() ?? 1;
        var max = options.Validations?[MaxKey]?.GetValue<int>() ?? 20;
        var role = options.Validations?[RoleKey]?.GetValue<string>() ?? "people";
        var names = Separator().Split(answer).Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
        if (names.Count == 0)
        {
            return PromptRecognition<IReadOnlyList<FormPerson>>.Failure("Please give a name or a school email address.");
        }
        if (names.Count > max)
        {
            return PromptRecognition<IReadOnlyList<FormPerson>>.Failure(max == 1 ? "Please name just one person." : $"Please name no more than {max} people.");
        }

        var found = new List<FormPerson>();
        foreach (var name in names)
        {
            if (name.Length > 200)
            {
                return PromptRecognition<IReadOnlyList<FormPerson>>.Failure("That name is too long to look up.");
            }
            IReadOnlyList<DirectoryPerson> matches;
            try
            {
                matches = await directory.FindPeopleAsync(name, Candidates, cancellationToken);
            }
            catch (DirectoryException)
            {
                return PromptRecognition<IReadOnlyList<FormPerson>>.Failure("I couldn't reach the school directory just now. Please send the names again in a minute.");
            }
            var exact = matches.Where(p => IsExactly(p, name)).ToList();
            var person = exact.Count == 1 ? exact[0] : matches.Count == 1 ? matches[0] : null;
            if (person is null)
            {
                return PromptRecognition<IReadOnlyList<FormPerson>>.Failure(matches.Count == 0
                    ? $"I couldn't find \"{CardText.EscapeShort(name, 60)}\" in the school directory. Administrators and moderators must be employees or other authorised people such as governors (A.3.1): use their full name or school email."
                    : $"\"{CardText.EscapeShort(name, 60)}\" could be {string.Join(" or ", matches.Select(Candidate))}. Which one? Use the full name or email.");
            }
            if (options.Validations?[ExcludedIdKey]?.GetValue<string>() is { } excluded && string.Equals(excluded, person.Id, StringComparison.OrdinalIgnoreCase))
            {
                return PromptRecognition<IReadOnlyList<FormPerson>>.Failure(options.Validations[ExcludedReasonKey]?.GetValue<string>() ?? $"{person.DisplayName} can't be chosen here.");
            }
            if (found.All(p => p.Id != person.Id))
            {
                found.Add(FormPerson.From(person));
            }
        }
        if (found.Count < min)
        {
            var named = string.Join(", ", found.Select(p => p.DisplayName));
            return PromptRecognition<IReadOnlyList<FormPerson>>.Failure(
                $"The site needs at least {min} {role}, named people of the school (A.3.1); you've named {found.Count}: {named}. Please name at least {min}, separated by commas.");
        }
        return PromptRecognition<IReadOnlyList<FormPerson>>.Success(found);
    }

    protected override AdaptiveCard CreateCard(PromptOptions options) =>
        PromptAnswer.InputCard(new TextInput(PromptAnswer.AnswerKey)
        {
            Label = "Names",
            Placeholder = "Names or school emails, separated by commas",
            Value = options.Prefill,
            MaxLength = 1000,
            IsRequired = true,
            ErrorMessage = "Please name someone.",
        }, options);

    private static bool IsExactly(DirectoryPerson person, string name) =>
        person.DisplayName.Equals(name, StringComparison.OrdinalIgnoreCase) ||
        (person.Mail is { } mail && (mail.Equals(name, StringComparison.OrdinalIgnoreCase) || mail.Split('@')[0].Equals(name, StringComparison.OrdinalIgnoreCase)));

    private static string Candidate(DirectoryPerson person) =>
        $"{person.DisplayName} ({string.Join(", ", new[] { person.JobTitle, person.Mail }.Where(s => !string.IsNullOrEmpty(s)))})";

    [GeneratedRegex(@"\s*(?:,|;|&|\band\b)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Separator();
}
