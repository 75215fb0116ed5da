using System.Security.Cryptography;
using System.Text;
using Bazaar.Catalog.Products;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Seed;

/// <summary>
/// A deterministic demo shop: 10 categories × 4 product kinds × 4 brands = 160 products, the same ids,
/// prices and stock on every machine, so examples and tests can name them.
/// </summary>
public static class DemoCatalog
{
    private sealed record Kind(string Name, decimal BasePrice, string Blurb);

    private sealed record Department(string Category, string[] Brands, Kind[] Kinds);

    private static readonly string[] Variants = ["Classic", "Pro", "Lite", "Max"];

    private static readonly Department[] Departments =
    [
        new("Audio", ["Sonora", "Bassline", "Auralis", "Tempo"],
            [new("Wireless Headphones", 129m, "over-ear headphones with active noise cancelling and 30 hours of battery"),
             new("Earbuds", 79m, "true wireless earbuds with a pocket charging case"),
             new("Bluetooth Speaker", 59m, "a waterproof portable speaker with deep bass"),
             new("Turntable", 249m, "a belt-drive record player with a built-in preamp")]),
        new("Computers", ["Northwind", "Quanta", "Lumen", "Vertex"],
            [new("Laptop", 999m, "a thin and light laptop with an all-day battery"),
             new("Mechanical Keyboard", 99m, "a hot-swappable keyboard with tactile switches"),
             new("Wireless Mouse", 39m, "an ergonomic mouse with a silent click"),
             new("4K Monitor", 349m, "a 27-inch 4K display with accurate colour")]),
        new("Phones", ["Nimbus", "Orbit", "Pixelia", "Stellar"],
            [new("Smartphone", 699m, "a 6.1-inch phone with a triple camera"),
             new("Phone Case", 19m, "a shock-absorbing case with raised edges"),
             new("Wireless Charger", 29m, "a fast charging pad for phones and earbuds"),
             new("Smartwatch", 249m, "a fitness and sleep tracking watch with GPS")]),
        new("Cameras", ["Aperture", "Lensmark", "Focal", "Shutterly"],
            [new("Mirrorless Camera", 1199m, "a 24-megapixel mirrorless body with 4K video"),
             new("Action Camera", 299m, "a rugged waterproof camera for adventures"),
             new("Tripod", 69m, "a lightweight aluminium travel tripod"),
             new("Camera Bag", 89m, "a padded backpack for a camera and three lenses")]),
        new("Home & Kitchen", ["Hearth", "Copperleaf", "Brewster", "Maison"],
            [new("Coffee Maker", 89m, "a programmable drip coffee maker with a thermal carafe"),
             new("Chef Knife", 49m, "an 8-inch forged steel chef's knife"),
             new("Blender", 119m, "a high-speed blender for smoothies and soups"),
             new("Cast Iron Skillet", 39m, "a pre-seasoned 12-inch cast iron pan")]),
        new("Sports & Outdoors", ["Summit", "Trailhead", "Ridgeline", "Peakform"],
            [new("Running Shoes", 119m, "cushioned road running shoes"),
             new("Yoga Mat", 35m, "a non-slip 6 mm yoga mat"),
             new("Camping Tent", 199m, "a two-person tent that pitches in minutes"),
             new("Water Bottle", 25m, "an insulated steel bottle that keeps drinks cold for a day")]),
        new("Books", ["Inkwell Press", "Folio House", "Quillstone", "Pagewright"],
            [new("Cookbook", 29m, "recipes for every season from a celebrated kitchen"),
             new("Mystery Novel", 15m, "a page-turning detective story"),
             new("Science Fiction Novel", 17m, "an epic voyage among distant stars"),
             new("History Book", 32m, "a vivid account of the ancient world")]),
        new("Toys & Games", ["Playful", "Brickworks", "Gamenest", "Wonderly"],
            [new("Board Game", 39m, "a strategy game for two to five players"),
             new("Building Blocks Set", 59m, "a 500-piece construction set"),
             new("Jigsaw Puzzle", 19m, "a 1000-piece landscape puzzle"),
             new("Remote Control Car", 69m, "a fast off-road car with a rechargeable battery")]),
        new("Fashion", ["Atelier", "Threadline", "Urbanite", "Woolworth Mill"],
            [new("Denim Jacket", 89m, "a classic jacket in washed denim"),
             new("Leather Wallet", 45m, "a slim wallet in full-grain leather"),
             new("Sunglasses", 129m, "polarised sunglasses with UV400 protection"),
             new("Wool Scarf", 39m, "a soft merino wool scarf")]),
        new("Beauty", ["Glow", "Purelle", "Botanica", "Velvet"],
            [new("Face Moisturizer", 28m, "a light daily moisturiser with SPF 30"),
             new("Shampoo", 14m, "a sulphate-free shampoo for all hair types"),
             new("Perfume", 79m, "an eau de parfum with notes of citrus and cedar"),
             new("Hair Dryer", 99m, "an ionic hair dryer with three heat settings")]),
    ];

    public sealed record SeedProduct(string Id, string Sku, string Name, string Description, decimal Price, string Category, string Brand, int Stock, DateTimeOffset CreatedAt);

    public static IReadOnlyList<SeedProduct> Products()
    {
        var list = new List<SeedProduct>();
        var epoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (department, d) in Departments.Select((x, i) => (x, i)))
        {
            foreach (var (kind, k) in department.Kinds.Select((x, i) => (x, i)))
            {
                for (var v = 0; v < Variants.Length; v++)
                {
                    var brand = department.Brands[(k + v) % department.Brands.Length];
                    var n = list.Count;
                    var sku = $"BZ-{d + 1:00}{k + 1}{v + 1}";
                    var multiplier = v switch { 0 => 1m, 1 => 1.6m, 2 => 0.7m, _ => 2.2m };
                    var price = Math.Max(4.99m, Math.Round(kind.BasePrice * multiplier, 0) - 0.01m);
                    // Mostly comfortable stock, with a few nearly sold-out products to show scarcity.
                    var stock = n % 23 == 5 ? 3 : 10 + (n * 37 % 90);
                    list.Add(new SeedProduct(
                        StableId(sku), sku, $"{brand} {kind.Name} {Variants[v]}",
                        $"The {brand} {kind.Name} {Variants[v]}: {kind.Blurb}.",
                        price, department.Category, brand, stock, epoch.AddHours(n)));
                }
            }
        }
        return list;
    }

    public static async Task SeedAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Products.AnyAsync(cancellationToken))
        {
            return;
        }

        // One transaction: a crash mid-seed leaves no half catalog that a restart would take as seeded.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var seed in Products())
        {
            var product = new Product
            {
                Id = seed.Id,
                Sku = seed.Sku,
                Name = seed.Name,
                Description = seed.Description,
                Price = seed.Price,
                Currency = "USD",
                Category = await CatalogNames.CategoryAsync(db, seed.Category, cancellationToken),
                Brand = await CatalogNames.BrandAsync(db, seed.Brand, cancellationToken),
                ImageUrl = $"/images/products/{seed.Id}.svg",
                Available = seed.Stock,
                CreatedAt = seed.CreatedAt,
                UpdatedAt = seed.CreatedAt,
            };
            db.Products.Add(product);
            db.Publish(product.ToCreatedEvent(seed.Stock), product.Id);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static string StableId(string sku) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("bazaar-demo:" + sku)).AsSpan(0, 16)).ToString();
}
