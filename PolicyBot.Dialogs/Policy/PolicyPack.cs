namespace PolicyBot.Dialogs.Policy;

/// <summary>One numbered clause, exactly as printed in the policy.</summary>
public sealed record PolicyClause(string Number, string SectionTitle, string Text);

/// <summary>A curated question with the policy's answer and the clauses it rests on (most specific first).</summary>
public sealed record FaqEntry(
    string Id,
    string Question,
    IReadOnlyList<string> Phrasings,
    string Verdict,
    string Explanation,
    IReadOnlyList<string> ClauseNumbers,
    IReadOnlyList<string> FollowUpIds)
{
    /// <summary>
    /// What the answer is about, per facet of the vocabulary (<c>people</c>: pupil, parent…; <c>site</c>: official, personal);
    /// a facet left out means the answer is not about particular kinds of it.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> About { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>
/// The staff vocabulary: canonical policy terms with the words staff use for them, the words that signal a child at risk,
/// and the words that show a question is about the policy's subject at all.
/// </summary>
public sealed record StaffVocabulary(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Terms, IReadOnlyList<string> SafeguardingTerms, IReadOnlyList<string> TopicTerms)
{
    public static StaffVocabulary Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>(), [], []);

    /// <summary>
    /// Facets a question can be about, each with its kinds and the canonical terms that name them: <c>people</c> (pupil, parent,
    /// colleague, the staff member's own family), <c>site</c> (an official school site, a personal account). An answer about
    /// pupils is not the answer to a question about a colleague, nor one about personal accounts to a question about the school's page.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Facets { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>();

    /// <summary>
    /// Words that show a question is about something the policy does not deal with even when it names a platform or a device
    /// ("cracked", "insurance", "buffering", "cover work"): IT faults, money, cover and other staff matters.
    /// </summary>
    public IReadOnlyList<string> OtherSubjectTerms { get; init; } = [];

    /// <summary>
    /// Everyday phrases that contain a safeguarding word but do not suggest a child at risk ("dog grooming", "palette knife"):
    /// the words inside them are not read as a trigger.
    /// </summary>
    public IReadOnlyList<string> SafeguardingExceptions { get; init; } = [];
}

/// <summary>A school's policy as data: its identity, numbered clauses, approval form and curated questions.</summary>
public sealed class PolicyPack
{
    private readonly Dictionary<string, PolicyClause> _clauses;
    private readonly Dictionary<string, FaqEntry> _faqs;

    internal PolicyPack(
        string title, string school, string version, string? reviewDate, string escalationContact,
        IReadOnlyList<PolicyClause> clauses, IReadOnlyList<FaqEntry> faqs, string safeguardingFaqId, StaffVocabulary vocabulary)
    {
        Title = title;
        School = school;
        Version = version;
        ReviewDate = reviewDate;
        EscalationContact = escalationContact;
        Clauses = clauses;
        Faqs = faqs;
        SafeguardingFaqId = safeguardingFaqId;
        Vocabulary = vocabulary;
        _clauses = clauses.ToDictionary(c => c.Number, StringComparer.OrdinalIgnoreCase);
        _faqs = faqs.ToDictionary(f => f.Id, StringComparer.Ordinal);
    }

    public string Title { get; }
    public string School { get; }
    /// <summary>The edition the bot answers from, e.g. "July 2022".</summary>
    public string Version { get; }
    public string? ReviewDate { get; }
    /// <summary>Who to ask when the policy does not cover a question, e.g. "the Headteacher".</summary>
    public string EscalationContact { get; }
    /// <summary>Every numbered clause, plus the approval form as "Appendix B".</summary>
    public IReadOnlyList<PolicyClause> Clauses { get; }
    public IReadOnlyList<FaqEntry> Faqs { get; }
    public string SafeguardingFaqId { get; }
    public StaffVocabulary Vocabulary { get; }

    /// <summary>"Social Media Policy, July 2022 (Education – My Life Matters (CIC))".</summary>
    public string DisplayName => $"{Title}, {Version} ({School})";

    public PolicyClause? FindClause(string number) => _clauses.GetValueOrDefault(number.Trim());

    public FaqEntry? FindFaq(string id) => _faqs.GetValueOrDefault(id);
}
