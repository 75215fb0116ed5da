using CsCheck;

namespace Bazaar.IntegrationTests.Fuzzing;

/// <summary>Small combinators over CsCheck's generators that the fuzzer uses everywhere.</summary>
public static class Gens
{
    /// <summary>One of the generators, chosen by weight.</summary>
    public static Gen<T> Pick<T>(params (int Weight, Gen<T> Gen)[] choices) =>
        Gen.Frequency([.. choices.Where(c => c.Weight > 0).Select(c => (c.Weight, (IGen<T>)c.Gen))]);

    /// <summary>One of the values, each as likely as the others.</summary>
    public static Gen<T> OneOf<T>(params T[] values) => Gen.OneOf(values);

    /// <summary>Every generator's value, in order.</summary>
    public static Gen<T[]> All<T>(IReadOnlyList<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const(System.Array.Empty<T>()), (all, next) => Gen.Select(all, next, (values, value) => (T[])[.. values, value]));

    /// <summary>A string of <paramref name="unit"/> repeated to at least <paramref name="length"/> UTF-16 characters.</summary>
    public static string Repeat(string unit, int length) => string.Concat(Enumerable.Repeat(unit, (length / unit.Length) + 1));
}
