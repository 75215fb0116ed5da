using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;

namespace Bazaar.Notification.Templates;

public sealed record RenderedEmail(string Subject, string HtmlBody);

/// <summary>
/// Liquid templates (Fluid) shipped inside the service: the first line of each is its subject, the rest
/// its HTML body, placed in a shared layout. Values are HTML-encoded in bodies.
/// </summary>
public sealed class EmailTemplates
{
    public static readonly string[] Names = ["order-confirmed", "payment-failed", "order-cancelled", "order-shipped", "order-delivered", "password-reset", "anomaly-detected", "custom"];

    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, (IFluidTemplate Subject, IFluidTemplate Body)> _templates = new();
    private readonly IFluidTemplate _layout;
    private readonly TemplateOptions _options = new();

    public EmailTemplates()
    {
        _options.MemberAccessStrategy = new UnsafeMemberAccessStrategy();
        _layout = Parse(Read("_layout"));
    }

    public async Task<RenderedEmail> RenderAsync(string name, object model)
    {
        var (subject, body) = _templates.GetOrAdd(name, Load);
        var context = new TemplateContext(model, _options);
        var renderedSubject = (await subject.RenderAsync(context, NullEncoder.Default)).Trim();
        var content = await body.RenderAsync(context, HtmlEncoder.Default);
        context.SetValue("content", new Fluid.Values.StringValue(content, encode: false));
        var html = await _layout.RenderAsync(context, HtmlEncoder.Default);
        return new RenderedEmail(renderedSubject, html);
    }

    private static (IFluidTemplate, IFluidTemplate) Load(string name)
    {
        var source = Read(name);
        var newline = source.IndexOf('\n', StringComparison.Ordinal);
        var first = source[..newline].Trim();
        if (!first.StartsWith("subject:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Template '{name}' must start with a 'subject:' line.");
        }
        return (Parse(first["subject:".Length..]), Parse(source[(newline + 1)..]));
    }

    private static IFluidTemplate Parse(string source) =>
        Parser.TryParse(source, out var template, out var error) ? template : throw new InvalidOperationException(error);

    private static string Read(string name)
    {
        using var stream = typeof(EmailTemplates).Assembly.GetManifestResourceStream($"templates/{name}.liquid")
            ?? throw new InvalidOperationException($"No e-mail template '{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
