namespace PolicyBot.Bench.Load;

/// <summary>One turn of a staff conversation: its type (a row of the table), what is typed, and a fragment the reply
/// must contain (null: any reply).</summary>
public sealed record ScriptTurn(string Kind, string Text, string? Expect = null);

/// <summary>
/// What a member of staff types: policy questions, "help", and the site-approval form answered in full by typing (as in
/// SiteApplicationFormTests). The answers suit every teacher of the sample directory (Humanities and PE).
/// </summary>
public static class StaffScript
{
    public const string PolicyQuestion = "policy question";
    public const string Help = "help";
    public const string FormStart = "form: apply";
    public const string FormAnswer = "form: answer";
    public const string FormSubmit = "form: submit";
    public const string FormCancel = "form: cancel (recovery)";

    /// <summary>The cold-start question.</summary>
    public const string FirstQuestion = "can I accept a friend request from a pupil?";

    public static readonly string[] Questions =
    [
        FirstQuestion,
        "Is it OK to follow a former student on Instagram?",
        "can I post photos of pupils on the school Facebook page?",
        "what should I do if a parent messages me on WhatsApp?",
        "am I allowed to use my personal phone to take photos on a trip?",
        "who approves a school Facebook page?",
        "Can I use the school logo on Instagram?",
        "what happens if I break the social media policy?",
        "should I report a pupil who is being bullied online?",
        "can I share a link to a news story about the school on my own account?",
        "is it ok to mention where I work on LinkedIn?",
        "a pupil sent me a message on TikTok, what do I do?",
        "how long should we keep photos of pupils?",
        "can I be friends with a colleague's child on Facebook?",
        "can parents post comments on the class blog?",
        "do I need consent before posting pupils' names?",
        "what privacy settings should my personal accounts have?",
        "can I livestream a sports match?",
        "who is responsible for moderating a school account?",
        "Can I create a YouTube channel for the music department?",
        "what if someone posts something nasty about me online?",
        "can I message pupils about homework on Teams?",
        "is it okay to play games online with pupils?",
        "can supply staff use the school accounts?",
        "what should I do if I see an inappropriate post by a colleague?",
        "are pupils allowed to contribute to the department blog?",
        "when should a school site be closed?",
        "can I use a pupil's first name in a caption?",
        "how do I report a fake account using the school name?",
        "can I accept a parent's friend request?",
    ];

    /// <summary>The form from "apply" to "submit", typed: 23 turns.</summary>
    public static readonly ScriptTurn[] Form =
    [
        new(FormStart, "apply", "Which department"),
        new(FormAnswer, "yes", "Are you the author"),
        new(FormAnswer, "yes", "line manager is"),
        new(FormAnswer, "yes", "Why do you want"),
        new(FormAnswer, "A class Instagram to share Year 9 fieldwork photos and short write-ups.", "What do you aim"),
        new(FormAnswer, "Pupils see each other's fieldwork and practise writing for an audience.", "How much time"),
        new(FormAnswer, "An hour a week; a colleague covers when I'm away.", "How will you judge"),
        new(FormAnswer, "Termly review of pupil work and feedback.", "Who is the site for?"),
        new(FormAnswer, "pupils, parents", "Who will be able to post"),
        new(FormAnswer, "1", "Who will administer"),
        new(FormAnswer, "Sam Taylor, jordan.lee@emlm.example", "Who will moderate"),
        new(FormAnswer, "Marcus Reid and Jordan Lee", "Who will host"),
        new(FormAnswer, "2", "Which service"),
        new(FormAnswer, "Instagram", "minimum age"),
        new(FormAnswer, "yes", "goes live"),
        new(FormAnswer, "1/9/2027", "close the site"),
        new(FormAnswer, "31 July 2028", "inform their parents"),
        new(FormAnswer, "A letter home with a consent slip, filed before pupils post.", "stop unwanted"),
        new(FormAnswer, "Private account; followers approved by two moderators.", "strongest privacy"),
        new(FormAnswer, "yes", "school logo"),
        new(FormAnswer, "no", "moderated"),
        new(FormAnswer, "Moderators check new posts daily and remove anything against the house rules.", "Submit it"),
        new(FormSubmit, "submit", "Submitted:"),
    ];

    /// <summary>Turns in one <see cref="Cycle"/>: six questions, help and the form.</summary>
    public static int TurnsPerCycle => 7 + Form.Length;

    /// <summary>If the form got out of step: cancel it (confirmed), so the next cycle starts clean.</summary>
    public static readonly ScriptTurn[] Recovery = [new(FormCancel, "cancel"), new(FormCancel, "yes")];

    /// <summary>
    /// One cycle of a conversation: two questions, help, the whole form, four more questions (30 turns: 6 questions,
    /// 1 help, 23 form). Conversation <paramref name="index"/> starts at its own place in the question list.
    /// </summary>
    public static IEnumerable<ScriptTurn> Cycle(int index, int cycle)
    {
        var next = index * 7 + cycle * 6;
        ScriptTurn Question() => new(PolicyQuestion, Questions[next++ % Questions.Length]);
        yield return Question();
        yield return Question();
        yield return new ScriptTurn(Help, "help");
        foreach (var turn in Form)
        {
            yield return turn;
        }
        for (var i = 0; i < 4; i++)
        {
            yield return Question();
        }
    }
}
