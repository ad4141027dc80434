import SettleStore
import SettleTestSupport
import Testing

/// A file `bad.csv` that must be refused whole, and the exact refusal (paths shown relative to the
/// test's folder).
struct Malformed: Sendable, CustomTestStringConvertible {
    let name: String
    let dataset: Dataset
    let bytes: [UInt8]
    /// A good revenue file `first.csv` imported before, for conflicts with stored rows.
    var before: String?
    let expected: String

    /// A revenue file.
    init(_ name: String, _ text: String, before: String? = nil, expected: String) {
        self.init(name, .revenue, bytes: Array(text.utf8), before: before, expected: expected)
    }

    init(_ name: String, _ dataset: Dataset, _ text: String, expected: String) {
        self.init(name, dataset, bytes: Array(text.utf8), expected: expected)
    }

    init(_ name: String, _ dataset: Dataset = .revenue, bytes: [UInt8], before: String? = nil, expected: String) {
        self.name = name
        self.dataset = dataset
        self.bytes = bytes
        self.before = before
        self.expected = expected
    }

    var testDescription: String { name }
}

/// A revenue file's header and first row up to a `customer` value that starts with `prefix`.
func withCustomer(_ prefix: String) -> [UInt8] {
    let text: String = "ref,date,provider,stream,quantity,amount,currency,customer\n"
        + "r1,2026-01-05,acme-cloud,api_usage,10,12.50,EUR," + prefix
    return Array(text.utf8)
}

/// The revenue header and a good row, to build files from.

extension Malformed {
    static let headerCases: [Malformed] = [
        Malformed("missing column", "ref,date,provider,stream,quantity,currency\nr1,2026-01-05,acme-cloud,api_usage,10,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:1: missing column 'amount'
            """),
        Malformed("unknown column, with a suggestion", "ref,date,provder,stream,quantity,amount,currency\n", expected: """
            bad.csv was not imported (2 problems; nothing was stored):
              bad.csv:1: unknown column 'provder' for revenue; did you mean 'provider'?
              bad.csv:1: missing column 'provider'
            """),
        Malformed("unknown column, no suggestion", "ref,date,provider,stream,quantity,amount,currency,colour\n" + String(goodRow.dropLast()) + ",red\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:1: unknown column 'colour' for revenue; the columns are ref, date, provider, stream, quantity, amount, currency, role, customer
            """),
        Malformed("duplicate header column", "ref,date,provider,stream,quantity,amount,currency,amount\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:1: column 'amount' appears twice in the header
            """),
        Malformed("a header column without a name (trailing comma)", "ref,date,provider,stream,quantity,amount,currency,\n" + goodRow, expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:1: column 8 of the header has no name; name it, or remove the comma before it
            """),
        Malformed("a revenue file imported as compute hours", .computeHours, revenueHeader + goodRow, expected: """
            bad.csv was not imported (5 problems; nothing was stored):
              bad.csv:1: unknown column 'stream' for compute-hours; the columns are ref, date, provider, hours, gpu_type
              bad.csv:1: unknown column 'quantity' for compute-hours; the columns are ref, date, provider, hours, gpu_type
              bad.csv:1: unknown column 'amount' for compute-hours; the columns are ref, date, provider, hours, gpu_type
              bad.csv:1: unknown column 'currency' for compute-hours; the columns are ref, date, provider, hours, gpu_type
              bad.csv:1: missing column 'hours'
            """),
        Malformed("empty file", "", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:1: the file is empty; expected a header row naming the columns
            """),
        Malformed("only a byte-order mark", bytes: [0xEF, 0xBB, 0xBF], expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:1: the file is empty; expected a header row naming the columns
            """),
        Malformed("header only", revenueHeader, expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: the file has a header but no rows
            """),
        Malformed("invalid UTF-8 in the header", bytes: Array("ref,date,provider,stream,quantity,amount,curr".utf8) + [0xE9] + Array("ncy\n".utf8), expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:1: the header is not valid UTF-8
            """),
        Malformed("an unterminated quote in the header", "ref,\"date,provider\n" + goodRow, expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:1: the header row: a quoted field starts here and is never closed
            """),
    ]

    static let valueCases: [Malformed] = [
        Malformed("a date after the supported range", revenueHeader + "r1,9999-12-31,acme-cloud,api_usage,10,12.50,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'date': '9999-12-31' is outside the dates Settle takes, 2000-01-01 to 2999-12-31
            """),
        Malformed("an FX period before the supported range", .fxRates, "period,from,to,rate\n1999-12,USD,EUR,0.9\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'period': '1999-12' is outside the periods Settle takes, 2000-01 to 2999-12
            """),
        Malformed("an amount of 13 digits before the point", revenueHeader + "r1,2026-01-05,acme-cloud,api_usage,10,1000000000000.00,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'amount': '1000000000000.00' has more than 12 digits before the decimal point
            """),
        Malformed("an FX rate of 7 digits before the point", .fxRates, "period,from,to,rate\n2026-01,JPY,EUR,1000000\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'rate': '1000000' has more than 6 digits before the decimal point
            """),
        Malformed("a NUL byte in a value", bytes: withCustomer("Ini") + [0] + Array("tech\n".utf8), expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'customer' holds a NUL byte, which no text may hold
            """),
        Malformed("a header of 70 KiB", bytes: Array(("ref,date," + String(repeating: "x", count: 70_000) + "\n").utf8), expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:1: the header row: a field is longer than 64 KiB; no value Settle reads is that long (is the file CSV?)
            """),
        Malformed("a row of 2,000 empty fields", revenueHeader + String(repeating: ",", count: 2_000) + "\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: a row has more than 1024 fields; is the file CSV, and is the delimiter right?
            """),
        Malformed("a quoted value of 70 KiB of doubled quotes", revenueHeader + "r1,2026-01-05,acme-cloud,api_usage,10,12.50,\"" + String(repeating: "\"\"", count: 70_000) + "\"\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: a field is longer than 64 KiB; no value Settle reads is that long (is the file CSV?)
            """),
        Malformed("a value of 70 KiB", revenueHeader + "r1,2026-01-05,acme-cloud,api_usage,10,12.50,\"" + String(repeating: "E", count: 70_000) + "\"\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: a field is longer than 64 KiB; no value Settle reads is that long (is the file CSV?)
            """),
        Malformed("ref of 201 characters", revenueHeader + goodRow + String(repeating: "x", count: 201)
                  + ",2026-01-05,acme-cloud,api_usage,10,12.50,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:3: column 'ref': 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is longer than 200 characters
            """),
        Malformed("customer of 201 characters", "ref,date,provider,stream,quantity,amount,currency,role,customer\n"
                  + "r2,2026-01-05,acme-cloud,api_usage,10,12.50,EUR,," + String(repeating: "c", count: 201) + "\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'customer': 'cccccccccccccccccccccccccccccccccccccccc...' is longer than 200 characters
            """),
        Malformed("bad date", revenueHeader + goodRow + "r2,2026/01/05,acme-cloud,api_usage,10,12.50,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:3: column 'date': '2026/01/05' is not a date written YYYY-MM-DD
            """),
        Malformed("impossible date", revenueHeader + goodRow + "r2,2026-02-30,acme-cloud,api_usage,10,12.50,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:3: column 'date': '2026-02-30' is not a date written YYYY-MM-DD
            """),
        Malformed("decimal comma, quoted", revenueHeader + "r1,2026-01-05,acme-cloud,api_usage,10,\"12,50\",EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'amount': '12,50' is not an exact decimal number such as 1234.50
            """),
        Malformed("decimal comma, unquoted", revenueHeader + "r1,2026-01-05,acme-cloud,api_usage,10,12,50,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: has 8 fields but the header has 7; a value with a comma in it must be in double quotes
            """),
        Malformed("too few fields", revenueHeader + goodRow + "r2,2026-01-05,acme-cloud,api_usage,10,12.50\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:3: has 6 fields but the header has 7
            """),
        Malformed("too many fraction digits", revenueHeader + "r1,2026-01-05,acme-cloud,api_usage,10,1.1234567,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'amount': '1.1234567' has more than 6 digits after the decimal point
            """),
        Malformed("unknown currency", revenueHeader + "r1,2026-01-05,acme-cloud,api_usage,10,12.50,EUX\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'currency': 'EUX' is not an ISO 4217 currency code
            """),
        Malformed("a UTF-16 file with its byte-order mark", bytes: [0xFF, 0xFE] + Array("ref".utf8).flatMap { [$0, 0] }, expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:1: the header row: the file is UTF-16, not UTF-8; save it as UTF-8 (in Excel: Save As, 'CSV UTF-8'; in LibreOffice: Save As, character set 'Unicode (UTF-8)') and import it again
            """),
        Malformed("a UTF-16 file without one", bytes: Array("ref,date".utf8).flatMap { [$0, 0] }, expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:1: the header row: the file is UTF-16, not UTF-8; save it as UTF-8 (in Excel: Save As, 'CSV UTF-8'; in LibreOffice: Save As, character set 'Unicode (UTF-8)') and import it again
            """),
        Malformed("a semicolon-separated file without --delimiter",
                  "ref;date;provider;stream;quantity;amount;currency\nr1;2026-01-05;acme-cloud;api_usage;10;12,50;EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:1: the header is one column, 'ref;date;provider;stream;quantity;amount...', with semicolons in it; for a semicolon-separated file pass --delimiter ';'
            """),
        Malformed("empty ref", revenueHeader + ",2026-01-05,acme-cloud,api_usage,10,12.50,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'ref': is empty; every row needs a ref
            """),
        Malformed("a line break inside a ref", revenueHeader + "\"r1\nb\",2026-01-05,acme-cloud,api_usage,10,12.50,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'ref': 'r1\\nb' contains a control character such as a line break; a ref is one line of text
            """),
        Malformed("a provider id that is a name", revenueHeader + "r1,2026-01-05,Acme Cloud,api_usage,10,12.50,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'provider': 'Acme Cloud' is not a provider id (2 to 63 characters of a-z, 0-9 and '-')
            """),
        Malformed("invalid UTF-8 in a value", bytes: withCustomer("M") + [0xFC] + Array("ller\n".utf8), expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'customer' is not valid UTF-8
            """),
        Malformed("a GPU type in capitals", .computeHours, "ref,date,provider,hours,gpu_type\nh1,2026-01-31,acme-cloud,10,H100\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'gpu_type': 'H100' is not a GPU type name (up to 63 characters of a-z, 0-9, '_' and '-'); write it in lower case, as contracts do: 'h100'
            """),
        Malformed("a stream name with a space", revenueHeader + "r1,2026-01-05,acme-cloud,api usage,10,1.00,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'stream': 'api usage' is not a stream name (up to 63 characters of a-z, 0-9, '_' and '-')
            """),
        Malformed("FX rate zero", .fxRates, "period,from,to,rate\n2026-01,EUR,USD,0\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'rate': '0' must be greater than zero
            """),
        Malformed("FX rate negative", .fxRates, "period,from,to,rate\n2026-01,EUR,USD,-1.08\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'rate': '-1.08' must be greater than zero
            """),
        Malformed("FX period written as a date", .fxRates, "period,from,to,rate\n2026-01-01,EUR,USD,1.08\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:2: column 'period': '2026-01-01' is not a period written YYYY-MM
            """),
    ]

    static let rowCases: [Malformed] = [
        Malformed("duplicate ref inside a file", revenueHeader + goodRow + "r2,2026-01-06,acme-cloud,api_usage,1,1.00,EUR\n" + goodRow, expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:4: ref 'r1' already appears on line 2 of this file
            """),
        Malformed("the same ref with other content in a second file", revenueHeader + "r2,2026-01-06,acme-cloud,api_usage,1,1.00,EUR\nr1,2026-01-05,acme-cloud,api_usage,10,12.60,EUR\n",
                  before: revenueHeader + goodRow, expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:3: ref 'r1' is already stored with other content; corrections must arrive as new rows
            """),
        Malformed("unknown provider", revenueHeader + goodRow + "r2,2026-01-05,acme-clod,api_usage,10,12.50,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:3: provider 'acme-clod' has no contract loaded; load it with `settle contracts load` first
            """),
        Malformed("FX from and to the same", .fxRates, "period,from,to,rate\n2026-01,EUR,USD,1.08\n2026-01,EUR,EUR,1\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:3: from and to are both EUR; a rate converts between two currencies
            """),
        Malformed("FX rate twice for a month", .fxRates, "period,from,to,rate\n2026-01,EUR,USD,1.08\n2026-01,EUR,USD,1.09\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:3: the rate EUR->USD for 2026-01 already appears on line 2 of this file
            """),
        Malformed("unterminated quote", revenueHeader + goodRow + "r2,2026-01-05,acme-cloud,api_usage,10,12.50,EUR\n\"r3,2026-01-05,acme-cloud,api_usage,10,12.50,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:4: a quoted field starts here and is never closed
            """),
        Malformed("an unterminated quote on the second line of a record",
                  revenueHeader + goodRow + "r2,2026-01-05,acme-cloud,\"api\nusage\",10,1.00,\"EUR\nrest\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:4: a quoted field starts here and is never closed
            """),
        Malformed("a quote inside an unquoted field", revenueHeader + goodRow + "r2,2026-01-05,acme-cloud,api_\"usage,10,12.50,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:3: a '"' inside a field that does not start with one; put the whole field in double quotes and write each '"' in it twice
            """),
        Malformed("text after a closing quote", revenueHeader + goodRow + "\"r2\"x,2026-01-05,acme-cloud,api_usage,10,12.50,EUR\n", expected: """
            bad.csv was not imported (1 problem; nothing was stored):
              bad.csv:3: text after the closing '"' of a quoted field; a '"' inside a quoted field is written twice
            """),
        Malformed("line numbers stay right after line breaks in quoted fields",
                  "ref,date,provider,stream,quantity,amount,currency,customer\n"
                  + "r1,2026-01-05,acme-cloud,api_usage,10,12.50,EUR,\"Globex\nAccounts payable\"\n"
                  + "r2,2026-01-35,acme-cloud,api_usage,10,12.50,EUR,\n"
                  + "r3,2026-01-05,acme-cloud,api_usage,10,12.50,EUR,\"three\r\nline\r\nname\"\n"
                  + "r4,2026-01-05,acme-cloud,api_usage,10,12.50,EURO,\n"
                  + "\n"
                  + "r1,2026-01-06,acme-cloud,api_usage,1,1,EUR,\n", expected: """
            bad.csv was not imported (3 problems; nothing was stored):
              bad.csv:4: column 'date': '2026-01-35' is not a date written YYYY-MM-DD
              bad.csv:8: column 'currency': 'EURO' is not an ISO 4217 currency code
              bad.csv:10: ref 'r1' already appears on line 2 of this file
            """),
        Malformed("every kind of problem in one refusal, in line order",
                  revenueHeader + "r1,2026-01-05,nobody,api_usage,10,12.50,EUR\n" + goodRow
                  + "r2,2026-13-01,acme-cloud,api_usage,10,12.50,EUR\n"
                  // 1.5 is the stored 1.50: the same content, so no conflict.
                  + "r3,2026-01-05,acme-cloud,api_usage,10,1.5,EUR\n" + "r9,2026-01-05,acme-cloud,api_usage,10,9.01,EUR\n",
                  before: revenueHeader + "r3,2026-01-05,acme-cloud,api_usage,10,1.50,EUR\n" + "r9,2026-01-05,acme-cloud,api_usage,10,9,EUR\n",
                  expected: """
            bad.csv was not imported (4 problems; nothing was stored):
              bad.csv:2: provider 'nobody' has no contract loaded; load it with `settle contracts load` first
              bad.csv:3: ref 'r1' already appears on line 2 of this file
              bad.csv:4: column 'date': '2026-13-01' is not a date written YYYY-MM-DD
              bad.csv:6: ref 'r9' is already stored with other content; corrections must arrive as new rows
            """),
    ]
}
