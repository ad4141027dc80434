import SettleContracts
import Testing

/// The YAML the composer accepts and refuses, with the diagnostics Yams's composer gave before it
/// (issue 19): the same file must read the same after the change of composer.
@Suite("YAML composer: keys, anchors, documents")
struct YAMLComposerTests {
    @Test("YAML-level problems print exactly as before", arguments: [
        ("contract: {a: 1, a: 2}\n", "f.yaml:1:12: duplicate key 'a'"),
        ("b: 1\na: 1\nb: 2\na: 2\n", "f.yaml:4:1: duplicate key 'a' in the contract"),
        ("contract: x\n\"contract\": y\n", "f.yaml:1:1: duplicate key 'contract' in the contract"),
        ("contract: x\n! contract: y\n", "f.yaml:1:1: duplicate key 'contract' in the contract"),
        ("contract: x\n!!str contract: y\n", "f.yaml:1:1: duplicate key 'contract' in the contract"),
        ("? [a, b]\n: 1\n? [a, b]\n: 2\n", "f.yaml:1:3: duplicate key '<uncovertable>'"),
        ((0..<300).map { "k\($0): v\n" }.joined() + "k7: w\n", "f.yaml:301:1: duplicate key 'k7' in the contract"),
        ("contract: *zz\n", "f.yaml:1:11: YAML syntax error: found undefined alias"),
        ("a: 1\n---\nb: 2\n",
         "f.yaml:2:1: YAML syntax error: but found another document (expected a single document in the stream on line 1, column 1)"),
        ("{a: 1}\n---\nb: 2\n", "f.yaml:2:1: YAML syntax error: but found another document (the '{' opened on line 1, column 1)"),
        ("---\n", "f.yaml:2:1: the contract must be a mapping of keys to values"),
        ("   \n  \n", "f.yaml:1:1: the file is empty; expected a contract"),
        ("", "f.yaml:1:1: the file is empty; expected a contract"),
        ("- a\n- b\n", "f.yaml:1:1: the contract must be a mapping of keys to values"),
        ("contract: a\u{1}b\n", "f.yaml:1:1: is not valid YAML"),
    ])
    func problem(yaml: String, expected: String) {
        #expect(printed(ContractFiles.parse(yaml, file: "f.yaml")) == expected + "\n")
    }

    @Test("an alias reads its anchor's value, with the anchor's position")
    func alias() {
        let output = printed(ContractFiles.parse("contract: &c abc\nversion: *c\n", file: "f.yaml"))
        #expect(output.contains("f.yaml:1:11: 'version' must be a whole number of at least 1, not 'abc'"))
    }
}
