# Emits resources/groups/smallgroups.json: every non-Abelian SmallGroup of order <= 128 whose largest
# irreducible degree is 2 or 3 (li2-theory.md §8; reference-code.md §4 `collection`), plus GAP's degrees for the
# named groups built in TypeScript (tests compare against them).
# Run from the repo root:  gap -q -b resources/groups/smallgroups.g
# Encoding per group: elements are GAP's Elements(G) (a sorted list; index 0 is the identity), and for each
# generator g of SmallGeneratingSet(G) the column x -> index(x*g) as a hex string, two digits per element.
# TypeScript closes the Cayley table by BFS over words in the generators (src/core/groups/smallGroups.ts).

hex := "0123456789abcdef";;
Hex2 := n -> [hex[QuoInt(n, 16) + 1], hex[RemInt(n, 16) + 1]];;
Q := s -> Concatenation("\"", ReplacedString(s, "\"", "\\\""), "\"");;
JsonInts := l -> Concatenation("[", JoinStringsWithSeparator(List(l, String), ","), "]");;
ExpandDegrees := G -> SortedList(Concatenation(List(CharacterDegrees(G), x -> ListWithIdenticalEntries(x[2], x[1]))));;

out := OutputTextFile("resources/groups/smallgroups.json", false);;
SetPrintFormattingStatus(out, false);;
PrintTo(out, "{\"source\":\"GAP ", GAPInfo.Version, " SmallGroups; script resources/groups/smallgroups.g\",\n");
AppendTo(out, "\"encoding\":\"elements = Elements(G), index 0 = identity; gens[i] = hex string, 2 digits per element x: index of x*g_i\",\n");

# named groups built in TypeScript: GAP's degrees and ids, for the tests only
named := [
  ["S3", SymmetricGroup(3)], ["S4", SymmetricGroup(4)], ["S5", SymmetricGroup(5)],
  ["A4", AlternatingGroup(4)], ["A5", AlternatingGroup(5)], ["SL(2,3)", SL(2, 3)],
  ["Q8", QuaternionGroup(8)], ["Dic3", DicyclicGroup(12)], ["Dic7", DicyclicGroup(28)],
  ["D7", DihedralGroup(14)], ["D12", DihedralGroup(24)], ["D64", DihedralGroup(128)],
  ["Z7:Z3", SmallGroup(21, 1)], ["Z13:Z3", SmallGroup(39, 1)], ["Z11:Z5", SmallGroup(55, 1)] ];;
AppendTo(out, "\"named\":[\n");
for k in [1 .. Length(named)] do
  G := named[k][2];;
  AppendTo(out, "{\"name\":", Q(named[k][1]), ",\"order\":", Size(G), ",\"smallgroupId\":", JsonInts(IdGroup(G)),
    ",\"description\":", Q(StructureDescription(G)), ",\"irrepDegrees\":", JsonInts(ExpandDegrees(G)), "}");
  if k < Length(named) then AppendTo(out, ",\n"); else AppendTo(out, "\n"); fi;
od;
AppendTo(out, "],\n\"groups\":[\n");

first := true;;
for n in [1 .. 128] do
  for i in [1 .. NrSmallGroups(n)] do
    G := SmallGroup(n, i);;
    if IsAbelian(G) then continue; fi;
    degs := ExpandDegrees(G);;
    if not Maximum(degs) in [2, 3] then continue; fi;
    elts := Elements(G);;
    if elts[1] <> One(G) then Error("identity is not first"); fi;
    gens := SmallGeneratingSet(G);;
    cols := List(gens, g -> Concatenation(List(elts, x -> Hex2(Position(elts, x * g) - 1))));;
    if not first then AppendTo(out, ",\n"); fi;
    first := false;;
    AppendTo(out, "{\"order\":", n, ",\"id\":", i, ",\"description\":", Q(StructureDescription(G)),
      ",\"irrepDegrees\":", JsonInts(degs), ",\"gens\":[", JoinStringsWithSeparator(List(cols, Q), ","), "]}");
  od;
  Print(n, "\n");
od;
AppendTo(out, "\n]}\n");
CloseStream(out);
QUIT;
