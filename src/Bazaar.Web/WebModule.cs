using Bazaar.BuildingBlocks.Hosting;
using Bazaar.Web.Api;
using Bazaar.Web.Session;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Http.Resilience;

namespace Bazaar.Web;

/// <summary>
/// The storefront and the admin area: Blazor pages rendered on the server, which reach the shop only through the
/// public HTTP API (this process's own in the embedded shape, the gateway's in the distributed one).
/// </summary>
public static class WebModule
{
    public static ServiceModule Module { get; } = new("web", Register, (_, _) => Task.CompletedTask, WebEndpoints.Map) { UseMiddleware = Use };

    private static void Register(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Bazaar:Web").Get<WebOptions>() ?? new WebOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddRazorComponents();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<WebSession>();
        builder.Services.AddScoped<Account.SignIn>();
        builder.Services.AddSingleton<ApiAddress>();
        // The antiforgery cookie keeps its default (Secure when the request is): it proves nothing about who is signed in.
        var secureCookies = options.SecureCookies ?? !builder.Environment.IsDevelopment();
        builder.Services.AddAuthentication().AddCookie(WebSession.Scheme, cookie =>
        {
            cookie.Cookie.Name = "bazaar_web_session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/account/login";
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
            cookie.SlidingExpiration = true;
        });
        builder.Services.AddHttpClient<ShopApi>(client => client.Timeout = TimeSpan.FromSeconds(30))
            // Cookies belong to the people browsing, never to the shared handler; redirects are the pages' to follow.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
            // Only safe calls are retried: a repeated POST could add to a cart twice (checkout carries its own key).
            .AddStandardResilienceHandler(resilience => resilience.Retry.DisableForUnsafeHttpMethods());
        // An event stream is open for as long as its page is: a timeout would cut it, and the browser reconnects by itself.
        builder.Services.AddHttpClient(ShopApi.StreamClient, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
    }

    private static void Use(IApplicationBuilder app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(typeof(WebModule).Assembly, "Assets"),
            RequestPath = WebAssets.RequestPath,
            OnPrepareResponse = context =>
                // Asset links carry the build's version, so a cached copy is never stale.
                context.Context.Response.Headers.CacheControl = context.Context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        app.UseWhen(context => WebPaths.IsPage(context.Request.Path), pages =>
        {
            pages.Use(PageHeaders.AddAsync);
            pages.Use(PageNotFound.RenderAsync);
            pages.UseMiddleware<SessionMiddleware>();
        });
        app.UseAntiforgery();
    }
}
