namespace PolicyBot.Dialogs.Approvals;

/// <summary>School days are Monday to Friday in the school's time zone (holidays are not known to the bot).</summary>
public static class SchoolCalendar
{
    /// <summary>School days after <paramref name="from"/>'s date, up to and including <paramref name="to"/>'s date.</summary>
    public static int SchoolDaysBetween(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo timeZone)
    {
        var start = LocalDate(from, timeZone);
        var end = LocalDate(to, timeZone);
        var days = 0;
        for (var day = start.AddDays(1); day <= end; day = day.AddDays(1))
        {
            if (IsSchoolDay(day))
            {
                days++;
            }
        }
        return days;
    }

    public static bool IsSchoolDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, timeZone).DateTime);
}
