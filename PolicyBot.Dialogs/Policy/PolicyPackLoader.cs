using System.Text.Json;

namespace PolicyBot.Dialogs.Policy;

/// <summary>Thrown when a policy pack cannot be used; the message names the problem and where it is.</summary>
public sealed class PolicyPackException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads a policy pack (JSON) and its staff vocabulary, and refuses one that is inconsistent.</summary>
public static class PolicyPackLoader
{
    /// <summary>The pack shipped with the bot, copied beside the assembly.</summary>
    public static string DefaultPackPath => Path.Combine(AppContext.BaseDirectory, "Policy", "Pack", "social-media-policy.json");

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Loads the pack at <paramref name="packPath"/>; its "vocabularyFile" is resolved beside it.</summary>
    public static PolicyPack Load(string packPath)
    {
        if (!File.Exists(packPath))
            throw new PolicyPackException($"Policy pack not found: '{packPath}'.");
        var dto = Deserialize<PackDto>(File.ReadAllText(packPath), packPath);
        StaffVocabulary vocabulary = StaffVocabulary.Empty;
        if (!string.IsNullOrWhiteSpace(dto.VocabularyFile))
        {
            var vocabularyPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(packPath))!, dto.VocabularyFile);
            if (!File.Exists(vocabularyPath))
                throw new PolicyPackException($"{packPath}: vocabulary file '{dto.VocabularyFile}' not found at '{vocabularyPath}'.");
            vocabulary = ParseVocabulary(File.ReadAllText(vocabularyPath), vocabularyPath);
        }
        return Build(dto, vocabulary, packPath);
    }

    /// <summary>Builds a pack from JSON text (the vocabulary, if any, given as its own JSON text).</summary>
    public static PolicyPack Parse(string packJson, string? vocabularyJson = null, string source = "policy pack") =>
        Build(Deserialize<PackDto>(packJson, source), vocabularyJson is null ? StaffVocabulary.Empty : ParseVocabulary(vocabularyJson, source + " vocabulary"), source);

    private static StaffVocabulary ParseVocabulary(string json, string source)
    {
        var dto = Deserialize<VocabularyDto>(json, source);
        var terms = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (canonical, variants) in dto.Terms ?? [])
        {
            if (string.IsNullOrWhiteSpace(canonical) || variants is null || variants.Count == 0)
                throw new PolicyPackException($"{source}: the term '{canonical}' has no variants.");
            terms[canonical] = variants;
        }
        var facets = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal);
        foreach (var (facet, kinds) in dto.Facets ?? [])
        {
            var named = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (kind, canonicalTerms) in kinds ?? [])
            {
                if (canonicalTerms is null || canonicalTerms.Count == 0)
                    throw new PolicyPackException($"{source}: '{kind}' of facet '{facet}' names no terms.");
                if (canonicalTerms.FirstOrDefault(t => !terms.ContainsKey(t)) is { } unknown)
                    throw new PolicyPackException($"{source}: '{kind}' of facet '{facet}' names '{unknown}', which is not one of the terms.");
                named[kind] = canonicalTerms;
            }
            facets[facet] = named;
        }
        return new StaffVocabulary(terms, dto.SafeguardingTerms ?? [], dto.TopicTerms ?? [])
        {
            Facets = facets,
            OtherSubjectTerms = dto.OtherSubjectTerms ?? [],
            SafeguardingExceptions = dto.SafeguardingExceptions ?? [],
        };
    }

    private static T Deserialize<T>(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new PolicyPackException($"{source}: the file is empty.");
        }
        catch (JsonException e)
        {
            throw new PolicyPackException($"{source}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }

    private static PolicyPack Build(PackDto dto, StaffVocabulary vocabulary, string source)
    {
        Require(dto.Title, "title", source);
        Require(dto.School, "school", source);
        Require(dto.Version, "version", source);
        if (dto.Sections is not { Count: > 0 })
            throw new PolicyPackException($"{source}: the pack has no sections.");

        var clauses = new List<PolicyClause>();
        var numbers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in dto.Sections)
        {
            Require(section.Heading, $"heading of section '{section.Number}'", source);
            foreach (var clause in section.Clauses ?? [])
            {
                Require(clause.Number, $"number of a clause in section '{section.Number}'", source);
                if (!numbers.Add(clause.Number!))
                    throw new PolicyPackException($"{source}: duplicate clause number '{clause.Number}'.");
                Require(clause.Text, $"text of clause {clause.Number}", source);
                clauses.Add(new PolicyClause(clause.Number!, section.Heading!, clause.Text!));
            }
        }
        if (dto.ApprovalForm is { } form)
        {
            Require(form.Number, "number of the approval form", source);
            if (!numbers.Add(form.Number!))
                throw new PolicyPackException($"{source}: duplicate clause number '{form.Number}' (the approval form).");
            clauses.Add(new PolicyClause(form.Number!, form.Title ?? "Approval form", form.Describe()));
        }

        var faqs = new List<FaqEntry>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var faq in dto.Faqs ?? [])
        {
            Require(faq.Id, "id of an FAQ entry", source);
            var where = $"{source}: FAQ '{faq.Id}'";
            if (!ids.Add(faq.Id!))
                throw new PolicyPackException($"{source}: duplicate FAQ id '{faq.Id}'.");
            if (string.IsNullOrWhiteSpace(faq.Verdict) || string.IsNullOrWhiteSpace(faq.Explanation))
                throw new PolicyPackException($"{where} has an empty answer (verdict and explanation are both required).");
            if (string.IsNullOrWhiteSpace(faq.Question))
                throw new PolicyPackException($"{where} has no question.");
            if (faq.Phrasings is not { Count: > 0 } || faq.Phrasings.Any(string.IsNullOrWhiteSpace))
                throw new PolicyPackException($"{where} needs at least one non-empty phrasing.");
            if (faq.Clauses is not { Count: > 0 })
                throw new PolicyPackException($"{where} cites no clause.");
            foreach (var number in faq.Clauses.Where(n => !numbers.Contains(n)))
                throw new PolicyPackException($"{where} cites clause '{number}', which does not exist in the policy.");
            foreach (var (facet, kinds) in faq.About ?? [])
                foreach (var kind in kinds.Where(k => vocabulary.Facets.GetValueOrDefault(facet)?.ContainsKey(k) != true))
                    throw new PolicyPackException($"{where} is about '{kind}', which is not a kind of '{facet}' in the vocabulary.");
            var about = (faq.About ?? []).ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value, StringComparer.Ordinal);
            faqs.Add(new FaqEntry(faq.Id!, faq.Question!, faq.Phrasings, faq.Verdict!, faq.Explanation!, faq.Clauses, faq.FollowUps ?? []) { About = about });
        }
        if (faqs.Count == 0)
            throw new PolicyPackException($"{source}: the pack has no FAQ entries.");
        foreach (var faq in faqs)
            foreach (var followUp in faq.FollowUpIds.Where(f => !ids.Contains(f)))
                throw new PolicyPackException($"{source}: FAQ '{faq.Id}' offers follow-up '{followUp}', which is not an FAQ id.");

        var safeguardingFaqId = dto.SafeguardingFaqId ?? "safeguarding-disclosure";
        if (!ids.Contains(safeguardingFaqId))
            throw new PolicyPackException($"{source}: the safeguarding FAQ '{safeguardingFaqId}' does not exist.");

        return new PolicyPack(dto.Title!, dto.School!, dto.Version!, dto.ReviewDate, dto.Escalation ?? "the Headteacher",
            clauses, faqs, safeguardingFaqId, vocabulary);
    }

    private static void Require(string? value, string what, string source)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new PolicyPackException($"{source}: the {what} is missing or empty.");
    }

    private sealed record PackDto(
        string? Title, string? School, string? Version, string? ReviewDate, string? Escalation, string? VocabularyFile,
        string? SafeguardingFaqId, List<SectionDto>? Sections, FormDto? ApprovalForm, List<FaqDto>? Faqs);

    private sealed record VocabularyDto(
        Dictionary<string, List<string>>? Terms, List<string>? SafeguardingTerms, List<string>? TopicTerms, Dictionary<string, Dictionary<string, List<string>>?>? Facets,
        List<string>? OtherSubjectTerms, List<string>? SafeguardingExceptions);

    private sealed record SectionDto(string? Number, string? Heading, List<ClauseDto>? Clauses);

    private sealed record ClauseDto(string? Number, string? Text);

    private sealed record FaqDto(
        string? Id, string? Question, List<string>? Phrasings, string? Verdict, string? Explanation, List<string>? Clauses, List<string>? FollowUps,
        Dictionary<string, List<string>>? About);

    private sealed record FormSectionDto(string? Heading, string? Note, List<string>? Fields);

    private sealed record FormDto(string? Number, string? Title, string? Instructions, string? Reference, List<FormSectionDto>? Sections)
    {
        public string Describe() => string.Join("\n",
            new[] { Instructions, Reference }.Where(s => !string.IsNullOrWhiteSpace(s))
                .Concat((Sections ?? []).Select(s => $"{s.Heading}: {(s.Note is null ? "" : s.Note + " ")}{string.Join("; ", s.Fields ?? [])}")));
    }
}
