package routes.livedata.tos;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Reads one export cell as an exact number. A cell either holds a number, holds nothing ({@code null}:
 * empty, {@code N/A}, an Excel error), or cannot be read ({@link Unreadable}); it is never guessed as zero.
 *
 * <p>Precision rule: Excel keeps 15 significant digits and writes doubles with up to 17, so a cell can
 * carry binary noise such as {@code 57.162999999999997} or {@code 6012.250000000001}. A number with more
 * than 15 significant digits is rounded (half-even) to 15, exactly what Excel shows the trader, and
 * trailing zeros are dropped: {@code 6012.250000000001} → {@code 6012.25}, {@code 6.0000000000000001E-3}
 * → {@code 0.006}. Every result is in that canonical form (no trailing zeros, scale ≥ 0), so two cells
 * holding the same number are {@code equals}.
 */
final class Cells {

    /** Excel's own precision: 15 significant digits. */
    static final MathContext EXCEL_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);

    /** Texts that mean "no value": RTD's N/A, Excel's errors, blanks some exporters write. */
    private static final Set<String> NO_VALUE = Set.of("N/A", "NA", "#N/A", "#N/A N/A", "#VALUE!", "#REF!",
            "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#GETTING_DATA", "--", "NAN");

    /** Bond prices in 32nds: 117'14, 117-14, 117:14, with '+' for a half 32nd or a third digit 0/2/5/7 for quarters. */
    private static final java.util.regex.Pattern THIRTY_SECONDS =
            java.util.regex.Pattern.compile("([+-]?)(\\d{1,6})['\\-:](\\d{2})(\\+|[0257])?");

    private static final BigDecimal THIRTY_TWO = BigDecimal.valueOf(32);

    /** Prices and volumes never reach 10^18, nor a price below 10^-18; anything else is a misread cell, not a quote. */
    private static final int MAX_INTEGER_DIGITS = 18;

    private Cells() {
    }

    /** A cell that holds something, but not a number this field can take. */
    static final class Unreadable extends Exception {
        Unreadable(String text) {
            super(text, null, false, false); // a bad cell is data, not a bug: no stack trace
        }
    }

    /** True when the cell holds nothing (blank, N/A, an Excel error). */
    static boolean isEmpty(String raw) {
        if (raw == null) {
            return true;
        }
        String t = strip(raw);
        return t.isEmpty() || (!startsWithDigit(t) && NO_VALUE.contains(t.toUpperCase(Locale.ROOT)));
    }

    /**
     * A price or change: plain, with thousands separators, E-notation, a leading {@code +}, or 32nds.
     *
     * @return the exact value, or null when the cell holds nothing
     */
    static BigDecimal decimal(String raw) throws Unreadable {
        return parse(raw, true);
    }

    /** A size or volume: a whole number, not negative. */
    static Long count(String raw) throws Unreadable {
        BigDecimal d = parse(raw, false);
        if (d == null) {
            return null;
        }
        if (d.signum() < 0 || d.scale() > 0) {
            throw new Unreadable(raw);
        }
        return d.longValueExact(); // below 10^18 by the magnitude check
    }

    private static BigDecimal parse(String raw, boolean allow32nds) throws Unreadable {
        if (isEmpty(raw)) {
            return null;
        }
        String t = strip(raw);
        if (t.indexOf(',') >= 0) {
            t = withoutThousandsSeparators(t, raw);
        }
        BigDecimal d;
        try {
            d = new BigDecimal(t);
        } catch (NumberFormatException e) {
            if (!allow32nds) {
                throw new Unreadable(raw);
            }
            d = thirtySeconds(t, raw);
        }
        return canonical(d, raw);
    }

    /** Rounds binary noise away (the 15-digit rule above) and gives the canonical form. */
    static BigDecimal canonical(BigDecimal d, String raw) throws Unreadable {
        // as a long: 1E+2147483647 has scale Integer.MIN_VALUE + 1, and an int difference wraps to "small"
        long magnitude = (long) d.precision() - d.scale();
        if (magnitude > MAX_INTEGER_DIGITS || (d.signum() != 0 && magnitude <= -MAX_INTEGER_DIGITS)) {
            throw new Unreadable(raw); // 1E-999999999 too: its plain text would be a billion zeros
        }
        BigDecimal r = d.precision() > EXCEL_DIGITS.getPrecision() ? d.round(EXCEL_DIGITS) : d;
        r = r.stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }

    private static BigDecimal thirtySeconds(String t, String raw) throws Unreadable {
        Matcher m = THIRTY_SECONDS.matcher(t);
        if (!m.matches()) {
            throw new Unreadable(raw);
        }
        int n = Integer.parseInt(m.group(3));
        if (n > 31) {
            throw new Unreadable(raw);
        }
        BigDecimal thirtySeconds = BigDecimal.valueOf(n);
        String part = m.group(4);
        if (part != null) {
            thirtySeconds = thirtySeconds.add(switch (part) {
                case "+", "5" -> new BigDecimal("0.5");
                case "2" -> new BigDecimal("0.25");
                case "7" -> new BigDecimal("0.75");
                default -> BigDecimal.ZERO; // "0"
            });
        }
        BigDecimal v = new BigDecimal(m.group(2)).add(thirtySeconds.divide(THIRTY_TWO)); // exact: n/32 terminates
        return "-".equals(m.group(1)) ? v.negate() : v;
    }

    /** 1,234,567.5 → 1234567.5; anything else with a comma (1,23 or 12,3456) is not a number we trust. */
    private static String withoutThousandsSeparators(String t, String raw) throws Unreadable {
        int start = (t.charAt(0) == '+' || t.charAt(0) == '-') ? 1 : 0;
        int end = t.indexOf('.');
        if (end < 0) {
            end = t.length();
        }
        String whole = t.substring(start, end);
        String[] groups = whole.split(",", -1);
        if (groups[0].isEmpty() || groups[0].length() > 3) {
            throw new Unreadable(raw);
        }
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if ((i > 0 && g.length() != 3) || !g.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new Unreadable(raw);
            }
        }
        if (t.indexOf(',', end) >= 0) {
            throw new Unreadable(raw);
        }
        return t.substring(0, start) + String.join("", groups) + t.substring(end);
    }

    private static boolean startsWithDigit(String t) {
        char c = t.charAt(0);
        return c >= '0' && c <= '9';
    }

    /** Trims blanks including the non-breaking space Excel uses in formatted text. */
    static String strip(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isBlank(s.charAt(a))) {
            a++;
        }
        while (b > a && isBlank(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    private static boolean isBlank(char c) {
        return c <= ' ' || c == '\u00A0';
    }
}
