extension Currency {
    /// Active ISO 4217 currencies and their minor-unit digits (funds and precious metals left out:
    /// nobody is paid in them).
    static let minorUnits: [String: Int] = {
        var table: [String: Int] = [:]
        for code in zeroDigitCodes { table[code] = 0 }
        for code in threeDigitCodes { table[code] = 3 }
        for code in twoDigitCodes { table[code] = 2 }
        table["CLF"] = 4
        table["UYW"] = 4
        return table
    }()

    private static let zeroDigitCodes = """
        BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    private static let threeDigitCodes = """
        BHD IQD JOD KWD LYD OMR TND
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    private static let twoDigitCodes = """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD
        CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
        GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD
        MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP
        PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS
        TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD XCG YER ZAR ZMW ZWG
        """.split(whereSeparator: \.isWhitespace).map(String.init)
}
