/// HTML character references: the common named ones and numeric ones (`&#233;`, `&#xE9;`).
enum HTMLEntities {
    /// Decodes the reference starting at `start` (which holds `&`): its text and the index just past it,
    /// nil when it is not a reference (the `&` is then literal).
    static func decode(_ scalars: [Unicode.Scalar], at start: Int) -> (text: String, end: Int)? {
        var index = start + 1
        guard index < scalars.count else { return nil }
        if scalars[index] == "#" {
            index += 1
            var hex = false
            if index < scalars.count, scalars[index] == "x" || scalars[index] == "X" {
                hex = true
                index += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while index < scalars.count, let digit = digitValue(scalars[index], hex: hex) {
                value = value > 0x10FFFF ? value : value * (hex ? 16 : 10) + digit
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if index < scalars.count, scalars[index] == ";" {
                index += 1
            }
            return (String(numeric(value)), index)
        }
        var name = ""
        while index < scalars.count, name.unicodeScalars.count < 32, isASCIIAlphanumeric(scalars[index]) {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        if index < scalars.count, scalars[index] == ";", let text = named[name] {
            return (text, index + 1)
        }
        // A few legacy references are recognised without their semicolon.
        if let text = legacy[name] {
            return (text, index)
        }
        return nil
    }

    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func digitValue(_ scalar: Unicode.Scalar, hex: Bool) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 48
        case "a"..."f" where hex: scalar.value - 87
        case "A"..."F" where hex: scalar.value - 55
        default: nil
        }
    }

    /// A numeric reference's character, as HTML maps it: NUL, surrogates and out-of-range values
    /// become U+FFFD, 0x80–0x9F are read as Windows-1252.
    private static func numeric(_ value: UInt32) -> Character {
        if (0x80...0x9F).contains(value), let mapped = Windows1252.highControls[Int(value - 0x80)] {
            return Character(mapped)
        }
        guard value != 0, let scalar = Unicode.Scalar(value) else {
            return "\u{FFFD}"
        }
        return Character(scalar)
    }

    private static let legacy: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "nbsp": " "]

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
        "ensp": " ", "emsp": " ", "thinsp": " ", "zwnj": "", "zwj": "", "shy": "", "lrm": "", "rlm": "",
        "copy": "©", "reg": "®", "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "minus": "−",
        "lsquo": "‘", "rsquo": "’", "sbquo": "‚", "ldquo": "“", "rdquo": "”", "bdquo": "„",
        "laquo": "«", "raquo": "»", "lsaquo": "‹", "rsaquo": "›", "bull": "•", "middot": "·",
        "dagger": "†", "Dagger": "‡", "permil": "‰", "prime": "′", "Prime": "″",
        "deg": "°", "plusmn": "±", "times": "×", "divide": "÷", "micro": "µ", "para": "¶", "sect": "§",
        "cent": "¢", "pound": "£", "yen": "¥", "euro": "€", "curren": "¤", "iexcl": "¡", "iquest": "¿",
        "frac12": "½", "frac14": "¼", "frac34": "¾", "sup1": "¹", "sup2": "²", "sup3": "³",
        "ordf": "ª", "ordm": "º", "not": "¬", "macr": "¯", "acute": "´", "cedil": "¸", "uml": "¨", "brvbar": "¦",
        "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "harr": "↔", "rArr": "⇒", "lArr": "⇐", "hArr": "⇔",
        "le": "≤", "ge": "≥", "ne": "≠", "asymp": "≈", "equiv": "≡", "infin": "∞", "sum": "∑", "prod": "∏",
        "radic": "√", "part": "∂", "int": "∫", "isin": "∈", "forall": "∀", "exist": "∃", "empty": "∅",
        "and": "∧", "or": "∨", "cap": "∩", "cup": "∪", "sub": "⊂", "sup": "⊃", "loz": "◊",
        "spades": "♠", "clubs": "♣", "hearts": "♥", "diams": "♦", "check": "✓", "star": "☆",
        "Agrave": "À", "Aacute": "Á", "Acirc": "Â", "Atilde": "Ã", "Auml": "Ä", "Aring": "Å", "AElig": "Æ",
        "Ccedil": "Ç", "Egrave": "È", "Eacute": "É", "Ecirc": "Ê", "Euml": "Ë", "Igrave": "Ì", "Iacute": "Í",
        "Icirc": "Î", "Iuml": "Ï", "ETH": "Ð", "Ntilde": "Ñ", "Ograve": "Ò", "Oacute": "Ó", "Ocirc": "Ô",
        "Otilde": "Õ", "Ouml": "Ö", "Oslash": "Ø", "Ugrave": "Ù", "Uacute": "Ú", "Ucirc": "Û", "Uuml": "Ü",
        "Yacute": "Ý", "THORN": "Þ", "szlig": "ß", "agrave": "à", "aacute": "á", "acirc": "â", "atilde": "ã",
        "auml": "ä", "aring": "å", "aelig": "æ", "ccedil": "ç", "egrave": "è", "eacute": "é", "ecirc": "ê",
        "euml": "ë", "igrave": "ì", "iacute": "í", "icirc": "î", "iuml": "ï", "eth": "ð", "ntilde": "ñ",
        "ograve": "ò", "oacute": "ó", "ocirc": "ô", "otilde": "õ", "ouml": "ö", "oslash": "ø", "ugrave": "ù",
        "uacute": "ú", "ucirc": "û", "uuml": "ü", "yacute": "ý", "thorn": "þ", "yuml": "ÿ", "OElig": "Œ",
        "oelig": "œ", "Scaron": "Š", "scaron": "š", "Yuml": "Ÿ", "fnof": "ƒ", "circ": "ˆ", "tilde": "˜",
        "Alpha": "Α", "Beta": "Β", "Gamma": "Γ", "Delta": "Δ", "Omega": "Ω", "Pi": "Π", "Sigma": "Σ",
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "theta": "θ", "lambda": "λ",
        "mu": "μ", "pi": "π", "sigma": "σ", "tau": "τ", "phi": "φ", "omega": "ω",
    ]
}
