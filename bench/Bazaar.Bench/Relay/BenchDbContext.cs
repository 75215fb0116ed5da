using Bazaar.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Bench.Relay;

/// <summary>
/// A service database with nothing but the messaging tables every service has. Its namespace makes it the
/// service <c>bench</c> (<see cref="ServiceNames"/>), so its relay publishes into the stream <c>BAZAAR_BENCH</c>,
/// apart from the shop's own streams.
/// </summary>
public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options, TimeProvider time) : ServiceDbContext(options, time);
