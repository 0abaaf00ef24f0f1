# Turns layout.tsv into C11 _Static_assert lines for every row of every type named in the
# "types" variable (space separated): sizeof/_Alignof of the type, offsetof and sizeof of each
# field path. Anonymous-union rows are checked through their members. Types that the table only
# lists inside others (e.g. hi_venc_h265_cbr) are checked there. Prints the count to stderr.
BEGIN {
    FS = "\t"
    n = split(types, list, " ")
    for (i = 1; i <= n; i++) wanted[list[i]] = 1
    checks = 0
    ntypes = 0
    print "/* Generated from layout.tsv by gen_layout_asserts.awk; do not edit. */"
    print "#ifndef CAMEL_VENC_LAYOUT_ASSERTS_H"
    print "#define CAMEL_VENC_LAYOUT_ASSERTS_H"
}
NR == 1 { next }
!($1 in wanted) { next }
$2 == "(sizeof)" {
    printf "_Static_assert(sizeof(%s) == %d, \"sizeof(%s) != %d\");\n", $1, $6, $1, $6
    printf "_Static_assert(_Alignof(%s) == %d, \"_Alignof(%s) != %d\");\n", $1, $7, $1, $7
    checks += 2
    ntypes++
    next
}
$2 ~ /\(anon_union\)$/ { next }
{
    printf "_Static_assert(offsetof(%s, %s) == %d, \"offsetof(%s, %s) != %d\");\n", $1, $2, $5, $1, $2, $5
    printf "_Static_assert(sizeof(((%s *)0)->%s) == %d, \"sizeof(%s.%s) != %d\");\n", $1, $2, $6, $1, $2, $6
    checks += 2
}
END {
    print "#endif"
    if (ntypes < 40) { print "layout.tsv: fewer than 40 declared types found; wrong table?" > "/dev/stderr"; exit 1 }
    printf "layout.tsv: %d static checks generated for %d types\n", checks, ntypes > "/dev/stderr"
}
