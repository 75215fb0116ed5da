using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Bazaar.BuildingBlocks.Persistence;

/// <summary>
/// Finds a context's migrations for the provider in use. A service project holds one migration set per
/// provider, all for the same context: SQLite's in <c>&lt;Service&gt;.Migrations</c>, PostgreSQL's in
/// <c>&lt;Service&gt;.Migrations.Postgres</c>. EF Core's own lookup would take every migration of the
/// context from the assembly, so this one keeps only the namespace of the active provider, at run time and
/// for <c>dotnet ef</c> alike.
/// </summary>
internal sealed class ProviderMigrationsAssembly(ICurrentDbContext current, IMigrationsIdGenerator ids) : IMigrationsAssembly
{
    private readonly Type _contextType = current.Context.GetType();
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;
    private bool _snapshotLooked;

    public Assembly Assembly => _contextType.Assembly;

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??= Assembly.DefinedTypes
        .Where(t => t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract && IsForThisProvider(t))
        .Select(t => (Id: t.GetCustomAttribute<MigrationAttribute>()?.Id, Type: t))
        .Where(m => m.Id is not null)
        .OrderBy(m => m.Id, StringComparer.Ordinal)
        .ToDictionary(m => m.Id!, m => m.Type);

    public ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (!_snapshotLooked)
            {
                var type = Assembly.DefinedTypes.FirstOrDefault(t => t.IsSubclassOf(typeof(ModelSnapshot)) && !t.IsAbstract && IsForThisProvider(t));
                _snapshot = type is null ? null : (ModelSnapshot)Activator.CreateInstance(type.AsType())!;
                _snapshotLooked = true;
            }
            return _snapshot;
        }
    }

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => ids.IsValidId(nameOrId)
            ? string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
            : string.Equals(ids.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    /// <summary>The namespace that holds a context's migrations for a provider (as <c>dotnet ef -o</c> names it).</summary>
    public static string NamespaceFor(Type contextType, string provider) =>
        provider == DatabaseProviders.Postgres ? $"{contextType.Namespace}.Migrations.Postgres" : $"{contextType.Namespace}.Migrations";

    private bool IsForThisProvider(TypeInfo type) =>
        type.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType
        && type.Namespace == NamespaceFor(_contextType, current.Context.Database.IsNpgsql() ? DatabaseProviders.Postgres : DatabaseProviders.Sqlite);
}
