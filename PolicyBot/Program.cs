using PolicyBot.Hosting;

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddPolicyBotHosting();
    builder.Services.AddPolicyBot(builder.Configuration);
    app = builder.Build();
    app.WarmUp();
}
catch (BotConfigurationException ex)
{
    // A half-configured deployment stops here with one sentence saying what is missing.
    Console.Error.WriteLine($"PolicyBot cannot start: {ex.Message}");
    return 1;
}

app.MapPolicyBotEndpoints();
app.LogStartup();
app.Run();
return 0;

/// <summary>The entry point, visible to the tests that host the app in-process.</summary>
public partial class Program;
