using System.CommandLine;

namespace Bazaar.Bench.Arguments;

/// <summary>Range checks shared by the subcommands' options, so a bad value is a usage error before anything starts.</summary>
public static class OptionRules
{
    public static Option<T> Required<T>(this Option<T> option)
    {
        option.Required = true;
        return option;
    }

    public static Option<T> Default<T>(this Option<T> option, T value)
    {
        option.DefaultValueFactory = _ => value;
        return option;
    }

    public static Option<T> Between<T>(this Option<T> option, T min, T max) where T : IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (!TryGetValue<T>(result, out var value))
            {
                return;
            }
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
            {
                result.AddError($"{option.Name} must be between {min} and {max}.");
            }
        });
        return option;
    }

    /// <summary>An absolute http(s) URL; System.CommandLine has no converter of its own for <see cref="Uri"/>.</summary>
    public static Option<Uri> Url(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                return url;
            }
            result.AddError($"{name} must be an absolute http(s) URL such as http://127.0.0.1:5080.");
            return null;
        },
    };

    /// <summary>Validators run even when the value did not parse; that error is reported already.</summary>
    private static bool TryGetValue<T>(System.CommandLine.Parsing.OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }
}
