using System.Globalization;
using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.Cards;
using PolicyBot.Dialogs.Directory;
using PolicyBot.Dialogs.Engine;

namespace PolicyBot.Dialogs.SiteApplication;

/// <summary>
/// The approval form (Appendix B with the Appendix A checks) as a conversation: one waterfall step per question, then
/// the summary with an edit action per section, then submit. It handles its interruptions itself: help, cancel (after a
/// confirm), a policy question (answered, then the question is asked again), and a return to a draft ("Continue or discard?").
/// </summary>
public sealed class SiteApplicationDialog : ComponentDialog
{
    public const string DialogId = "siteApplication";
    public static readonly TimeSpan AwayAfter = TimeSpan.FromHours(8);

    private const string WaterfallId = "siteApplication.steps";
    private const string SummaryStep = "summary";
    private const string FormKey = "form";
    private const string AskedKey = "asked";
    private const string EditingKey = "editing";
    private const string RequestIdKey = "requestId";
    private const string PendingKey = "pending";
    private const string LastTurnKey = "lastTurnAt";
    private const string PendingCancel = "cancel";
    private const string PendingResume = "resume";

    private readonly IReadOnlyList<FormQuestion> _questions;
    private readonly IStaffDirectory _directory;
    private readonly SiteApplicationSubmitter _submitter;
    private readonly IPolicyQuestionAnswerer _answerer;
    private readonly TimeProvider _clock;

    public SiteApplicationDialog(IStaffDirectory directory, SiteApplicationSubmitter submitter, IPolicyQuestionAnswerer answerer, TimeProvider clock)
        : base(DialogId)
    {
        (_directory, _submitter, _answerer, _clock) = (directory, submitter, answerer, clock);
        _questions = new SiteApplicationQuestions(directory).All;

        var steps = new WaterfallDialog(WaterfallId);
        for (var i = 0; i < _questions.Count; i++)
        {
            var question = _questions[i];
            steps.AddStep((step, ct) => AskAsync(step, question, ct), question.Key);
        }
        steps.AddStep(ShowSummaryAsync, SummaryStep);
        steps.AddStep(ActOnSummaryAsync, "afterSummary");
        AddDialog(steps);
        AddDialog(new TextPrompt(SiteApplicationQuestions.TextPromptId));
        AddDialog(new ChoicePrompt(SiteApplicationQuestions.ChoicePromptId));
        AddDialog(new ChoicePrompt(SiteApplicationQuestions.ChoicesPromptId, allowMultiple: true));
        AddDialog(new ConfirmPrompt(SiteApplicationQuestions.ConfirmPromptId, SiteApplicationRules.YesWhenRequired));
        AddDialog(new DatePrompt(SiteApplicationQuestions.DatePromptId, clock, SiteApplicationRules.DateInWindow));
        AddDialog(new PeoplePrompt(SiteApplicationQuestions.PeoplePromptId, directory));
    }

    public IReadOnlyList<FormQuestion> Questions => _questions;

    private DateOnly Today => DateOnly.FromDateTime(_clock.GetLocalNow().DateTime);

    protected override async Task<DialogTurnResult> OnBeginDialogAsync(DialogContext inner, JsonNode? options, CancellationToken cancellationToken)
    {
        var profile = await FindRequesterAsync(inner.Context, cancellationToken);
        var form = new SiteApplicationForm { RequesterProfile = profile is null ? null : FormPerson.From(profile), Department = profile?.Department };
        GetComponentState(inner)[LastTurnKey] = _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        await inner.Context.SendActivityAsync(
            "Let's fill in your application for a school social media site (Appendix B of the policy). It takes about ten minutes, and every answer is saved as you go, so you can stop and come back. Say **help** at any question, or **cancel** to stop.",
            cancellationToken);
        return await inner.BeginDialogAsync(WaterfallId, new JsonObject { [FormKey] = SiteApplicationSubmitter.ToJson(form) }, cancellationToken);
    }

    protected override async Task<DialogTurnResult> OnContinueDialogAsync(DialogContext inner, CancellationToken cancellationToken)
    {
        var turn = inner.Context;
        if (turn.Activity.Type != ActivityTypes.Message)
        {
            return DialogTurnResult.EndOfTurn;
        }
        var state = GetComponentState(inner);
        var answer = PromptAnswer.Read(turn.Activity);
        var words = ChoiceRecognizer.Normalize(answer.Text);
        var now = _clock.GetUtcNow();
        var away = state[LastTurnKey]?.GetValue<string>() is { } last && now - DateTimeOffset.Parse(last, CultureInfo.InvariantCulture) > AwayAfter;
        state[LastTurnKey] = now.ToString("O", CultureInfo.InvariantCulture);

        switch (state[PendingKey]?.GetValue<string>())
        {
            case PendingCancel:
                return await AnswerCancelConfirmationAsync(inner, state, answer.Text, cancellationToken);
            case PendingResume:
                return await AnswerResumeOfferAsync(inner, state, words, cancellationToken);
        }

        var command = BotCommands.Recognize(answer.QuestionId is null ? turn.Activity.Text : null, turn.Activity.Value.GetString("command"));
        if (command == BotCommands.Cancel || words == "cancel")
        {
            state[PendingKey] = PendingCancel;
            await SendCancelConfirmationAsync(turn, null, cancellationToken);
            return DialogTurnResult.EndOfTurn;
        }
        if (answer.QuestionId is null && words == "help")
        {
            await SendHelpAsync(inner, null, cancellationToken);
            return DialogTurnResult.EndOfTurn;
        }
        if (answer.QuestionId is null && (command is not null || away))
        {
            state[PendingKey] = PendingResume;
            await SendResumeOfferAsync(inner, null, cancellationToken);
            return DialogTurnResult.EndOfTurn;
        }
        var expectsFreeText = inner.ActiveDialog?.Id == SiteApplicationQuestions.TextPromptId;
        if (answer.QuestionId is null && PolicyQuestionDetector.IsQuestion(answer.Text, expectsFreeText))
        {
            if (await _answerer.TryAnswerAsync(turn, answer.Text.Trim(), cancellationToken))
            {
                await turn.SendActivityAsync("Now, back to your application.", cancellationToken);
                await inner.RepromptDialogAsync(cancellationToken);
                return DialogTurnResult.EndOfTurn;
            }
            if (expectsFreeText)
            {
                // A question typed where free text is expected is not taken as the answer, even when the policy has no answer to it.
                await SendHelpAsync(inner, "I can't answer that from the policy, so I haven't taken it as your answer.", cancellationToken);
                return DialogTurnResult.EndOfTurn;
            }
        }
        return await inner.ContinueDialogAsync(cancellationToken);
    }

    /// <summary>"step 7 of 16": the question being asked among those that apply to this application so far.</summary>
    public (int Step, int Of) DescribeProgress(DialogContext inner)
    {
        var values = inner.State.Stack.Count > 0 ? WaterfallDialog.GetValues(inner.State.Stack[0]) : [];
        var form = ReadForm(values);
        var applicable = _questions.Where(q => q.Applies(form)).Select(q => q.Key).ToList();
        var asked = values[AskedKey]?.GetValue<string>();
        var index = asked is null ? applicable.Count : applicable.IndexOf(asked);
        return (Math.Clamp(index + 1, 1, applicable.Count + 1), applicable.Count + 1);
    }

    private async Task<DialogTurnResult> AskAsync(WaterfallStepContext step, FormQuestion question, CancellationToken cancellationToken)
    {
        var form = await ApplyAnswerAsync(step, cancellationToken);
        if (step.Values[EditingKey]?.GetValue<string>() is { } editing && editing != question.Section.ToString())
        {
            return await step.GoToStepAsync(SummaryStep, cancellationToken: cancellationToken);
        }
        if (!question.Applies(form))
        {
            return await step.NextAsync(cancellationToken: cancellationToken);
        }
        step.Values[AskedKey] = question.Key;
        return await step.PromptAsync(question.PromptId, question.Ask(new QuestionContext(step.Context, form, Today)), cancellationToken);
    }

    private async Task<DialogTurnResult> ShowSummaryAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var form = await ApplyAnswerAsync(step, cancellationToken);
        step.Values.Remove(EditingKey);
        step.Values[RequestIdKey] ??= Guid.NewGuid().ToString("N"); // fixed before Submit, so a retried submit creates nothing twice
        var card = SiteApplicationSummaryCard.Create(form, SiteApplicationRules.Check(form, Today));
        await step.Context.SendActivityAsync(card.ToActivity(), cancellationToken);
        return await step.PromptAsync(SiteApplicationQuestions.ChoicePromptId, new PromptOptions
        {
            QuestionId = SiteApplicationSummaryCard.QuestionId,
            Prompt = "That's everything. Submit it, edit a section, or cancel?",
            Choices = SiteApplicationSummaryCard.Choices,
            Help = "Submit sends the application to your line manager and then the headteacher. Edit a section to change its answers; cancel discards the application.",
            HideCard = true,
        }, cancellationToken);
    }

    private async Task<DialogTurnResult> ActOnSummaryAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var choice = Dialog.FromJson<List<string>>(step.Result)?.FirstOrDefault();
        var form = ReadForm(step.Values);
        var section = Enum.GetValues<FormSection>().Where(s => SiteApplicationSummaryCard.EditChoice(s) == choice).Cast<FormSection?>().FirstOrDefault();
        if (section is { } edit)
        {
            step.Values[EditingKey] = edit.ToString();
            return await step.GoToStepAsync(_questions.First(q => q.Section == edit).Key, cancellationToken: cancellationToken);
        }

        var problems = SiteApplicationRules.Check(form, Today);
        if (problems.Count > 0)
        {
            await step.Context.SendActivityAsync($"It can't be submitted yet:\n\n{string.Join("\n", problems.Select(p => "- " + p))}", cancellationToken);
            return await step.GoToStepAsync(SummaryStep, cancellationToken: cancellationToken);
        }
        var saved = await _submitter.SubmitAsync(step.Context, form, step.Values[RequestIdKey]!.GetValue<string>(), cancellationToken);
        var headteacher = saved.Value.Headteacher.DisplayName;
        await step.Context.SendActivityAsync(
            $"Submitted: {CardText.Escape(saved.Value.Title)}. {saved.Value.LineManager.DisplayName} will be asked to approve it first, then {headteacher}. I'll tell you here when it's decided; say **my requests** to see where it stands.",
            cancellationToken);
        return await step.EndDialogAsync(JsonValue.Create(saved.Value.Id), cancellationToken);
    }

    /// <summary>Applies the answer of the question the previous step asked, and keeps the form in the waterfall's values.</summary>
    private async Task<SiteApplicationForm> ApplyAnswerAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var form = step.Values[FormKey] is null ? Dialog.FromJson<SiteApplicationForm>(step.Options?[FormKey]) ?? new() : ReadForm(step.Values);
        if (step.Values[AskedKey]?.GetValue<string>() is { } asked && step.Result is not null)
        {
            var question = _questions.First(q => q.Key == asked);
            form = await question.Apply(new QuestionContext(step.Context, form, Today), step.Result, cancellationToken);
        }
        step.Values.Remove(AskedKey);
        step.Values[FormKey] = SiteApplicationSubmitter.ToJson(form);
        return form;
    }

    private static SiteApplicationForm ReadForm(JsonObject values) => Dialog.FromJson<SiteApplicationForm>(values[FormKey]) ?? new();

    private async Task<DirectoryPerson?> FindRequesterAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.From?.AadObjectId is not { Length: > 0 } id)
        {
            return null;
        }
        try
        {
            return await _directory.GetPersonAsync(id, cancellationToken);
        }
        catch (DirectoryException)
        {
            return null; // The form asks for the author by name instead.
        }
    }

    private static async Task SendHelpAsync(DialogContext inner, string? preface, CancellationToken cancellationToken)
    {
        var help = inner.ActiveDialog is { } prompt ? PromptOptions.Of(prompt).Help : null;
        await inner.Context.SendActivityAsync(
            $"{(preface is null ? string.Empty : preface + " ")}{help ?? "Answer the question in your own words."}\n\nType **cancel** to stop, or ask me a question about the policy at any time.", cancellationToken);
        await inner.RepromptDialogAsync(cancellationToken);
    }

    private static Task SendCancelConfirmationAsync(ITurnContext turn, string? reason, CancellationToken cancellationToken)
    {
        var message = CancelConfirmationCard().ToActivity();
        message.Text = $"{(reason is null ? string.Empty : reason + "\n\n")}Cancel your application? Your answers so far will be discarded.";
        return turn.SendActivityAsync(message, cancellationToken);
    }

    /// <summary>The buttons under "Cancel your application?".</summary>
    internal static AdaptiveCard CancelConfirmationCard() => new()
    {
        FallbackText = "Cancel your application?",
        Actions = [PromptAnswer.SubmitButton("Yes, discard it", PendingCancel, "yes"), PromptAnswer.SubmitButton("No, carry on", PendingCancel, "no")],
    };

    /// <summary>The buttons under "You have an application in progress".</summary>
    internal static AdaptiveCard ResumeOfferCard() => new()
    {
        FallbackText = "You have an application in progress. Continue or discard?",
        Actions = [PromptAnswer.SubmitButton("Continue", PendingResume, "continue"), PromptAnswer.SubmitButton("Discard", PendingResume, "discard") with { Style = "destructive" }],
    };

    private async Task<DialogTurnResult> AnswerCancelConfirmationAsync(DialogContext inner, JsonObject state, string answer, CancellationToken cancellationToken)
    {
        switch (YesNo.Recognize(answer))
        {
            case true:
                return await DiscardAsync(inner, cancellationToken);
            case false:
                state.Remove(PendingKey);
                await inner.Context.SendActivityAsync("Good, let's carry on.", cancellationToken);
                await inner.RepromptDialogAsync(cancellationToken);
                return DialogTurnResult.EndOfTurn;
            default:
                await SendCancelConfirmationAsync(inner.Context, "Please answer yes or no.", cancellationToken);
                return DialogTurnResult.EndOfTurn;
        }
    }

    private Task SendResumeOfferAsync(DialogContext inner, string? reason, CancellationToken cancellationToken)
    {
        var (step, of) = DescribeProgress(inner);
        var message = ResumeOfferCard().ToActivity();
        message.Text = $"{(reason is null ? string.Empty : reason + "\n\n")}You have an application in progress (step {step} of {of}). Continue or discard?";
        return inner.Context.SendActivityAsync(message, cancellationToken);
    }

    private async Task<DialogTurnResult> AnswerResumeOfferAsync(DialogContext inner, JsonObject state, string words, CancellationToken cancellationToken)
    {
        switch (words)
        {
            case "continue" or "resume" or "carry on" or "yes" or "1":
                state.Remove(PendingKey);
                await inner.RepromptDialogAsync(cancellationToken);
                return DialogTurnResult.EndOfTurn;
            case "discard" or "delete" or "delete it" or "discard it" or "start again" or "start over" or "2":
                return await DiscardAsync(inner, cancellationToken);
            default:
                await SendResumeOfferAsync(inner, "Please choose Continue or Discard.", cancellationToken);
                return DialogTurnResult.EndOfTurn;
        }
    }

    private static async Task<DialogTurnResult> DiscardAsync(DialogContext inner, CancellationToken cancellationToken)
    {
        await inner.Context.SendActivityAsync("Your application has been discarded. Say **apply** whenever you want to start a new one.", cancellationToken);
        return await inner.Parent!.CancelAllDialogsAsync(cancellationToken);
    }
}
