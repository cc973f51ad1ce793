using Clearinghouse.V1;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>A small catalogue of line items (甲类 / 乙类 / 丙类) for generated visits.</summary>
public static class Catalog
{
    public static readonly (string Code, string Name)[] A =
    [
        ("XA01", "阿莫西林胶囊"), ("XA02", "布洛芬缓释胶囊"), ("XA03", "血常规检查"), ("XA04", "普通门诊诊察费"),
        ("XA05", "生理氯化钠注射液"), ("XA06", "二甲双胍片"), ("XA07", "床位费"), ("XA08", "一级护理"),
    ];

    public static readonly (string Code, string Name)[] B =
    [
        ("XB01", "头孢克肟分散片"), ("XB02", "CT平扫"), ("XB03", "彩色多普勒超声"), ("XB04", "阿托伐他汀钙片"),
        ("XB05", "静脉输液"), ("XB06", "磁共振成像"), ("XB07", "腹腔镜胆囊切除术"),
    ];

    public static readonly (string Code, string Name)[] C =
    [
        ("XC01", "特需病房床位费"), ("XC02", "进口人工晶体"), ("XC03", "保健品"), ("XC04", "美容项目"),
    ];

    public static LineItem Item(Random rng, VisitType visit)
    {
        var roll = rng.Next(100);
        var (category, table) = roll < 50 ? (ItemCategory.A, A) : roll < 85 ? (ItemCategory.B, B) : (ItemCategory.C, C);
        var (code, name) = table[rng.Next(table.Length)];
        return new LineItem
        {
            Code = code,
            Name = name,
            Category = category,
            Quantity = rng.Next(1, 4),
            AmountFen = visit == VisitType.Outpatient ? rng.Next(500, 30_001) : rng.Next(2_000, 300_001),
        };
    }
}
