namespace Bazaar.Bench.Shop;

/// <summary>
/// A signed-in user. The access token lives 15 minutes by default, shorter than a long run: it is renewed a minute
/// before it lapses (refresh token, or a new login if that fails), once for all requests that share the session.
/// </summary>
public sealed class Session
{
    private readonly ShopApi _api;
    private readonly string _login;
    private readonly string _password;
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private volatile Grant _grant;

    private Session(ShopApi api, string userId, string login, string password, Tokens tokens)
    {
        _api = api;
        _login = login;
        _password = password;
        UserId = userId;
        _grant = Grant.Of(tokens);
    }

    public string UserId { get; }

    public static async Task<Session> SignInAsync(ShopApi api, string userId, string login, string password, CancellationToken cancellationToken) =>
        new(api, userId, login, password, await api.LoginAsync(login, password, cancellationToken));

    public async ValueTask<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        var grant = _grant;
        if (DateTimeOffset.UtcNow < grant.RenewAt)
        {
            return grant.Tokens.AccessToken;
        }

        await _renewing.WaitAsync(cancellationToken);
        try
        {
            if (DateTimeOffset.UtcNow >= _grant.RenewAt)
            {
                Tokens renewed;
                try
                {
                    renewed = await _api.RefreshAsync(_grant.Tokens.RefreshToken, cancellationToken);
                }
                catch (Reporting.SetupException)
                {
                    renewed = await _api.LoginAsync(_login, _password, cancellationToken);
                }
                _grant = Grant.Of(renewed);
            }
            return _grant.Tokens.AccessToken;
        }
        finally
        {
            _renewing.Release();
        }
    }

    private sealed record Grant(Tokens Tokens, DateTimeOffset RenewAt)
    {
        public static Grant Of(Tokens tokens)
        {
            var lifetime = TimeSpan.FromSeconds(tokens.ExpiresIn);
            var margin = lifetime > TimeSpan.FromMinutes(2) ? TimeSpan.FromMinutes(1) : lifetime / 2;
            return new Grant(tokens, DateTimeOffset.UtcNow + lifetime - margin);
        }
    }
}
