# dabiao progress CSV (--columns indicator,district,actual_period,actual,target,completion) →
# the bench's layout: district rows (not 全市) with an actual, a target and a period, 报告期 as
# the month's last day. The caller sorts (LC_ALL=C: code point order) and adds the header.
# None of these columns can hold a comma or a quote (codes, district names, numbers, YYYY-MM).
BEGIN { FS = ","; OFS = "," }
NR == 1 { next }
$2 == "全市" || $3 == "" || $4 == "" || $5 == "" { next }
{
    y = substr($3, 1, 4) + 0; m = substr($3, 6, 2) + 0
    d = (m == 2) ? ((y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28) \
        : ((m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31)
    print $1, $2, sprintf("%s-%02d", $3, d), $4, $5, $6
}
