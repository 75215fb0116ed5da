using Bazaar.DistributedTests.Infrastructure;
using Bazaar.IntegrationTests.Analytics;
using Bazaar.IntegrationTests.Cart;
using Bazaar.IntegrationTests.Catalog;
using Bazaar.IntegrationTests.Hosting;
using Bazaar.IntegrationTests.Identity;
using Bazaar.IntegrationTests.Inventory;
using Bazaar.IntegrationTests.Notification;
using Bazaar.IntegrationTests.Ordering;
using Bazaar.IntegrationTests.Payment;
using Xunit;

// The embedded shape's scenarios, run again with every service in a process of its own behind the gateway,
// on PostgreSQL and NATS JetStream: the same test code, another fixture.
namespace Bazaar.DistributedTests.Journeys;

[Collection(DistributedShopCollection.Name)]
public sealed class CartTests(DistributedShop shop) : CartScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class ProductAdminTests(DistributedShop shop) : ProductAdminScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class ProductImageTests(DistributedShop shop) : ProductImageScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class ProductListingTests(DistributedShop shop) : ProductListingScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class ProductSearchTests(DistributedShop shop) : ProductSearchScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class BadInputTests(DistributedShop shop) : BadInputScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class LoginTests(DistributedShop shop) : LoginScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class PasswordResetTests(DistributedShop shop) : PasswordResetScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class RefreshTokenTests(DistributedShop shop) : RefreshTokenScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class RegistrationTests(DistributedShop shop) : RegistrationScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class SigningKeysTests(DistributedShop shop) : SigningKeysScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class UserProfileTests(DistributedShop shop) : UserProfileScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class StockTests(DistributedShop shop) : StockScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class NotificationTests(DistributedShop shop) : NotificationScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class CheckoutJourneyTests(DistributedShop shop) : CheckoutJourneyScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class ConcurrencyTests(DistributedShop shop) : ConcurrencyScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class FailureJourneyTests(DistributedShop shop) : FailureJourneyScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class IdempotencyTests(DistributedShop shop) : IdempotencyScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class OrderAdminTests(DistributedShop shop) : OrderAdminScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class OrderAuthorizationTests(DistributedShop shop) : OrderAuthorizationScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class PaymentTests(DistributedShop shop) : PaymentScenarios(shop);

[Collection(DistributedShopCollection.Name)]
public sealed class AnalyticsTests(DistributedShop shop) : AnalyticsScenarios(shop);
