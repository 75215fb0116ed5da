using Bazaar.BuildingBlocks.Auth;
using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Catalog.Search;
using Bazaar.Contracts.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Products;

public sealed record CategoryResponse(string Name, int ProductCount);

public static class ProductsApi
{
    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Catalog");
        group.MapGet("/products", SearchAsync).AllowAnonymous();
        group.MapGet("/products/suggestions", SuggestAsync).AllowAnonymous();
        group.MapGet("/products/{id}", GetAsync).AllowAnonymous();
        group.MapGet("/categories", ListCategories).AllowAnonymous();
        group.MapPost("/products", CreateAsync).RequireAuthorization(Roles.AdminPolicy);
        group.MapPut("/products/{id}", UpdateAsync).RequireAuthorization(Roles.AdminPolicy);
        group.MapDelete("/products/{id}", DeleteAsync).RequireAuthorization(Roles.AdminPolicy);
        return app;
    }

    private static async Task<Results<Ok<ProductSearchResult>, ValidationProblem>> SearchAsync(
        CatalogDbContext db, CatalogReadModel readModel, string? q, string? category, string? brand, decimal? minPrice, decimal? maxPrice,
        bool? inStock, string? sort, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var (p, size) = Paging.Normalize(page, pageSize, validation);
        validation.Text(q, "q", 200, required: false);
        validation.Text(category, "category", 100, required: false);
        validation.Text(brand, "brand", 100, required: false);
        validation.Check(minPrice is null or >= 0 and <= ProductRules.MaxPrice, "minPrice", $"Must be between 0 and {ProductRules.MaxPrice}.");
        validation.Check(maxPrice is null or >= 0 and <= ProductRules.MaxPrice, "maxPrice", $"Must be between 0 and {ProductRules.MaxPrice}.");
        validation.Check(minPrice is null || maxPrice is null || minPrice <= maxPrice, "maxPrice", "Must not be below minPrice.");
        var order = string.IsNullOrWhiteSpace(sort) ? SortOrders.Relevance : sort.Trim();
        validation.Check(SortOrders.All.Contains(order), "sort", $"Must be one of: {string.Join(", ", SortOrders.All)}.");
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var query = new SearchQuery(
            string.IsNullOrWhiteSpace(q) ? null : q, NullIfBlank(category), NullIfBlank(brand), minPrice, maxPrice, inStock, order, p, size);
        return TypedResults.Ok(await readModel.SearchAsync(db, query, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<string>>, ValidationProblem>> SuggestAsync(
        CatalogDbContext db, CatalogReadModel readModel, string? q, CancellationToken cancellationToken)
    {
        var validation = new Validation().Text(q, "q", 100);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        return TypedResults.Ok(await readModel.SuggestAsync(db, q!, 8, cancellationToken));
    }

    private static async Task<Results<Ok<ProductDto>, ProblemHttpResult>> GetAsync(
        string id, CatalogDbContext db, CatalogReadModel readModel, CancellationToken cancellationToken)
    {
        if (id.Length > 36)
        {
            return Problems.NotFound($"Product '{id}'");
        }
        var product = await readModel.GetCurrentAsync(db, id, cancellationToken);
        return product is null ? Problems.NotFound($"Product '{id}'") : TypedResults.Ok(product);
    }

    private static async Task<Ok<List<CategoryResponse>>> ListCategories(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var categories = await db.Categories.AsNoTracking()
            .Select(c => new CategoryResponse(c.Name, db.Products.Count(p => p.CategoryId == c.Id)))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(categories.Where(c => c.ProductCount > 0).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList());
    }

    private static async Task<Results<Created<ProductDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ProductWriteRequest request, CatalogDbContext db, CatalogReadModel readModel, CatalogOptions options, CancellationToken cancellationToken)
    {
        var validation = ProductRules.Validate(request, options, creating: true);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var sku = request.Sku!.Trim().ToUpperInvariant();
        if (await db.Products.AnyAsync(p => p.Sku == sku, cancellationToken))
        {
            return Problems.Conflict($"A product with SKU '{sku}' exists.");
        }

        var now = db.Time.GetUtcNow();
        var product = new Product { Sku = sku, Name = "", Currency = options.Currency, CreatedAt = now };
        await ApplyAsync(product, request, db, now, cancellationToken);
        product.Available = request.InitialStock ?? 0;
        db.Products.Add(product);
        db.Publish(product.ToCreatedEvent(request.InitialStock ?? 0), product.Id);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict($"A product with SKU '{sku}' exists.");
        }
        await readModel.RefreshAsync(db, product.Id, cancellationToken);
        return TypedResults.Created($"/api/products/{product.Id}", product.ToDto());
    }

    private static async Task<Results<Ok<ProductDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, ProductWriteRequest request, CatalogDbContext db, CatalogReadModel readModel, CatalogOptions options, CancellationToken cancellationToken)
    {
        var product = await db.Products.Include(p => p.Category).Include(p => p.Brand).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is null)
        {
            return Problems.NotFound($"Product '{id}'");
        }
        var validation = ProductRules.Validate(request, options, creating: false);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }
        var sku = request.Sku!.Trim().ToUpperInvariant();
        if (sku != product.Sku && await db.Products.AnyAsync(p => p.Sku == sku, cancellationToken))
        {
            return Problems.Conflict($"A product with SKU '{sku}' exists.");
        }

        var oldPrice = product.Price;
        product.Sku = sku;
        await ApplyAsync(product, request, db, db.Time.GetUtcNow(), cancellationToken);
        db.Publish(product.ToUpdatedEvent(), product.Id);
        if (oldPrice != product.Price)
        {
            db.Publish(new ProductPriceChanged(product.Id, oldPrice, product.Price, product.Currency), product.Id);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict($"A product with SKU '{sku}' exists.");
        }
        await readModel.RefreshAsync(db, product.Id, cancellationToken);
        return TypedResults.Ok(product.ToDto());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, CatalogDbContext db, CatalogReadModel readModel, CancellationToken cancellationToken)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is null)
        {
            return Problems.NotFound($"Product '{id}'");
        }
        db.Products.Remove(product);
        db.Publish(new ProductDeleted(id), id);
        await db.SaveChangesAsync(cancellationToken);
        await readModel.RefreshAsync(db, id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task ApplyAsync(Product product, ProductWriteRequest request, CatalogDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Names first: resolving a new one saves it, which must not carry half-applied product changes.
        var category = await CatalogNames.CategoryAsync(db, request.Category!, cancellationToken);
        var brand = await CatalogNames.BrandAsync(db, request.Brand!, cancellationToken);
        product.Category = category;
        product.Brand = brand;
        product.Name = request.Name!.Trim();
        product.Description = request.Description?.Trim() ?? "";
        product.Price = request.Price!.Amount;
        product.ImageUrl = string.IsNullOrWhiteSpace(request.ImageUrl) ? $"/images/products/{product.Id}.svg" : request.ImageUrl.Trim();
        product.MaxPerCustomer = request.MaxPerCustomer;
        product.UpdatedAt = now;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
