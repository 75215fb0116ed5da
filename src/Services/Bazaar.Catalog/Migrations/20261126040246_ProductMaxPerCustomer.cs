using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Catalog.Migrations
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
                type: "INTEGER",
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
