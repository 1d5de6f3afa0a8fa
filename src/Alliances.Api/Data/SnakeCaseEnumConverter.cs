using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Alliances.Api.Data;

/// <summary>Stores an enum as the same lowercase snake_case text the API shows (<c>SpaceOwner</c> → <c>space_owner</c>).</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()),
    text => Enum.Parse<TEnum>(text.Replace("_", "", StringComparison.Ordinal), true))
    where TEnum : struct, Enum;
