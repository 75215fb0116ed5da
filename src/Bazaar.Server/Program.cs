using Bazaar.Server;

var app = await BazaarApp.CreateAsync(args);
await app.RunAsync();
