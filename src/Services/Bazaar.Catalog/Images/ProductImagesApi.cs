using System.Net;
using Bazaar.Catalog.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Bazaar.Catalog.Images;

/// <summary>
/// Product pictures served by the shop itself: a generated SVG card per product, so the demo catalog
/// needs no external image host.
/// </summary>
public static class ProductImagesApi
{
    private static readonly string[] Palette = ["#264653", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51", "#6d597a", "#355070", "#b56576", "#588157", "#3a86ff"];

    public static IEndpointRouteBuilder MapProductImagesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/images/products/{file}", GetImage).WithTags("Catalog").AllowAnonymous();
        return app;
    }

    private static Results<ContentHttpResult, NotFound> GetImage(string file, ProductSearchIndex index, HttpContext context)
    {
        if (!file.EndsWith(".svg", StringComparison.Ordinal) || index.Find(file[..^4]) is not { } product)
        {
            return TypedResults.NotFound();
        }

        var color = Palette[(int)((uint)StringComparer.Ordinal.GetHashCode(product.Category) % (uint)Palette.Length)];
        var words = product.Name.Split(' ');
        var line1 = WebUtility.HtmlEncode(string.Join(' ', words.Take((words.Length + 1) / 2)));
        var line2 = WebUtility.HtmlEncode(string.Join(' ', words.Skip((words.Length + 1) / 2)));
        var category = WebUtility.HtmlEncode(product.Category);
        var svg = $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600" role="img" aria-label="{line1} {line2}">
              <rect width="600" height="600" fill="{color}"/>
              <circle cx="300" cy="250" r="130" fill="#ffffff" fill-opacity="0.18"/>
              <text x="300" y="450" font-family="sans-serif" font-size="40" fill="#fff" text-anchor="middle">{line1}</text>
              <text x="300" y="500" font-family="sans-serif" font-size="40" fill="#fff" text-anchor="middle">{line2}</text>
              <text x="300" y="80" font-family="sans-serif" font-size="28" fill="#fff" fill-opacity="0.8" text-anchor="middle">{category}</text>
            </svg>
            """;
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.Content(svg, "image/svg+xml");
    }
}
