using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Catalog.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProductMaxPerCustomer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MaxPerCustomer",
                table: "products",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MaxPerCustomer",
                table: "products");
        }
    }
}
