using Bazaar.Catalog.Search;
using Xunit;

namespace Bazaar.UnitTests.Catalog;

public sealed class TextMatchingTests
{
    [Theory]
    [InlineData("headphnoes", "headphones", 1)]
    [InlineData("keybaord", "keyboard", 1)]
    [InlineData("speeker", "speaker", 1)]
    [InlineData("camera", "camera", 0)]
    [InlineData("lapptop", "laptop", 1)]
    [InlineData("mose", "mouse", 1)]
    public void Distance_counts_single_slips_as_one_edit(string typed, string word, int expected) =>
        Assert.Equal(expected, TextMatching.Distance(typed, word, 2));

    [Fact]
    public void Distance_gives_up_beyond_the_budget() =>
        Assert.Equal(2, TextMatching.Distance("tripod", "blender", 1));

    [Theory]
    [InlineData(3, 0)]
    [InlineData(4, 1)]
    [InlineData(7, 1)]
    [InlineData(8, 2)]
    public void Longer_words_tolerate_more_typos(int length, int budget) =>
        Assert.Equal(budget, TextMatching.TypoBudget(length));

    [Fact]
    public void Tokenize_lowercases_splits_and_drops_stop_words_on_request()
    {
        Assert.Equal(["the", "4k", "monitor", "for", "mac"], TextMatching.Tokenize("The 4K-Monitor, for Mac!"));
        Assert.Equal(["4k", "monitor", "mac"], TextMatching.Tokenize("The 4K-Monitor, for Mac!", dropStopWords: true));
    }
}
