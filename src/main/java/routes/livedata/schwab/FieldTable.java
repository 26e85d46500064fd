package routes.livedata.schwab;

import com.fasterxml.jackson.databind.JsonNode;
import routes.livedata.schwab.LevelOne.Role;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * One level-one service's fields as the reference tables give them (A3.1–A3.3): number, name, JSON type.
 * A value is accepted only in its table's type and within what the field can hold; anything else is a
 * reject with a reason, never an exception.
 */
final class FieldTable {

    /** The JSON types of the reference tables. */
    enum Kind { STRING, CHAR, DOUBLE, INT, LONG, BOOL }

    record Field(int number, String name, Kind kind, Role role) {
    }

    /** A checked value: {@code value} (BigDecimal, Long, Boolean or String; null for "no value yet") or a reject. */
    record Checked(Object value, String reject) {
        static final Checked NONE = new Checked(null, null);

        static Checked of(Object v) {
            return new Checked(v, null);
        }

        static Checked rejected(String reason) {
            return new Checked(null, reason);
        }
    }

    /** Prices beyond 10^18 or (unless zero) below 10^-18 are nobody's price; 1E+999999999 would be a billion digits. */
    private static final int MAX_DIGITS = 18;

    private final Field[] fields;
    private final Map<Role, Integer> roles;

    private FieldTable(Map<Role, Integer> roles, String table) {
        this.roles = Map.copyOf(roles);
        Map<Integer, Role> roleOf = new HashMap<>();
        roles.forEach((r, n) -> roleOf.put(n, r));
        String[] lines = table.strip().split("\n");
        this.fields = new Field[lines.length];
        for (String line : lines) {
            String[] p = line.strip().split("\\s+");
            int n = Integer.parseInt(p[0]);
            if (n >= fields.length || fields[n] != null) {
                throw new IllegalStateException("field table out of order at " + line);
            }
            fields[n] = new Field(n, p[1], Kind.valueOf(p[2].toUpperCase(java.util.Locale.ROOT)), roleOf.get(n));
        }
    }

    /** The field under a JSON name, or null when the name is not one of this table's field numbers. */
    Field field(String name) {
        int n;
        try {
            n = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return null;
        }
        // "01" or "+1" are not how Schwab writes a field number
        return n >= 0 && n < fields.length && name.equals(Integer.toString(n)) ? fields[n] : null;
    }

    Map<Role, Integer> roles() {
        return roles;
    }

    /** Checks one value against its field's type and range. */
    static Checked check(Field f, JsonNode v) {
        switch (f.kind()) {
            case STRING, CHAR -> {
                return v.isTextual() ? Checked.of(v.asText()) : Checked.rejected("wrong-type");
            }
            case BOOL -> {
                return v.isBoolean() ? Checked.of(v.booleanValue()) : Checked.rejected("wrong-type");
            }
            case INT, LONG -> {
                if (!v.isNumber() || !v.canConvertToExactIntegral()) {
                    return Checked.rejected("wrong-type");
                }
                // sizes, volumes and times cannot be negative; other whole fields use -1 for "none" (HTB_QUANTITY)
                if (!v.canConvertToLong() || (f.role() != null && v.longValue() < 0)) {
                    return Checked.rejected("out-of-range");
                }
                return Checked.of(v.longValue());
            }
            case DOUBLE -> {
                if (!v.isNumber()) {
                    return Checked.rejected("wrong-type");
                }
                BigDecimal d = v.decimalValue();
                long magnitude = (long) d.precision() - d.scale();
                if (magnitude > MAX_DIGITS || (d.signum() != 0 && magnitude <= -MAX_DIGITS)) {
                    return Checked.rejected("out-of-range");
                }
                return d.signum() == 0 && f.role() != null && f.role().zeroMeansNone() ? Checked.NONE : Checked.of(d);
            }
        }
        throw new IllegalStateException("a kind without a check: " + f.kind());
    }

    private static Map<Role, Integer> roleMap(Object... roleAndField) {
        Map<Role, Integer> m = new EnumMap<>(Role.class);
        for (int i = 0; i < roleAndField.length; i += 2) {
            m.put((Role) roleAndField[i], (Integer) roleAndField[i + 1]);
        }
        return m;
    }

    // --- the tables, as the reference writes them ---

    static final FieldTable EQUITIES = new FieldTable(roleMap(Role.BID, 1, Role.ASK, 2, Role.LAST, 3, Role.BID_SIZE, 4,
            Role.ASK_SIZE, 5, Role.VOLUME, 8, Role.HIGH, 10, Role.LOW, 11, Role.PREV_CLOSE, 12, Role.OPEN, 17,
            Role.NET_CHANGE, 18, Role.QUOTE_TIME, 34, Role.TRADE_TIME, 35), """
            0 SYMBOL String
            1 BID_PRICE double
            2 ASK_PRICE double
            3 LAST_PRICE double
            4 BID_SIZE int
            5 ASK_SIZE int
            6 ASK_ID char
            7 BID_ID char
            8 TOTAL_VOLUME long
            9 LAST_SIZE long
            10 HIGH_PRICE double
            11 LOW_PRICE double
            12 CLOSE_PRICE double
            13 EXCHANGE_ID char
            14 MARGINABLE bool
            15 DESCRIPTION String
            16 LAST_ID char
            17 OPEN_PRICE double
            18 NET_CHANGE double
            19 HIGH_PRICE_52_WEEK double
            20 LOW_PRICE_52_WEEK double
            21 PE_RATIO double
            22 DIVIDEND_AMOUNT double
            23 DIVIDEND_YIELD double
            24 NAV double
            25 EXCHANGE_NAME String
            26 DIVIDEND_DATE String
            27 REGULAR_MARKET_QUOTE bool
            28 REGULAR_MARKET_TRADE bool
            29 REGULAR_MARKET_LAST_PRICE double
            30 REGULAR_MARKET_LAST_SIZE int
            31 REGULAR_MARKET_NET_CHANGE double
            32 SECURITY_STATUS String
            33 MARK double
            34 QUOTE_TIME_MILLIS long
            35 TRADE_TIME_MILLIS long
            36 REGULAR_MARKET_TRADE_MILLIS long
            37 BID_TIME_MILLIS long
            38 ASK_TIME_MILLIS long
            39 ASK_MIC_ID String
            40 BID_MIC_ID String
            41 LAST_MIC_ID String
            42 NET_CHANGE_PERCENT double
            43 REGULAR_MARKET_CHANGE_PERCENT double
            44 MARK_CHANGE double
            45 MARK_CHANGE_PERCENT double
            46 HTB_QUANTITY int
            47 HTB_RATE double
            48 HARD_TO_BORROW int
            49 IS_SHORTABLE int
            50 POST_MARKET_NET_CHANGE double
            51 POST_MARKET_NET_CHANGE_PERCENT double
            """);

    static final FieldTable FUTURES = new FieldTable(roleMap(Role.BID, 1, Role.ASK, 2, Role.LAST, 3, Role.BID_SIZE, 4,
            Role.ASK_SIZE, 5, Role.VOLUME, 8, Role.QUOTE_TIME, 10, Role.TRADE_TIME, 11, Role.HIGH, 12, Role.LOW, 13,
            Role.PREV_CLOSE, 14, Role.OPEN, 18, Role.NET_CHANGE, 19), """
            0 SYMBOL String
            1 BID_PRICE double
            2 ASK_PRICE double
            3 LAST_PRICE double
            4 BID_SIZE long
            5 ASK_SIZE long
            6 BID_ID char
            7 ASK_ID char
            8 TOTAL_VOLUME long
            9 LAST_SIZE long
            10 QUOTE_TIME_MILLIS long
            11 TRADE_TIME_MILLIS long
            12 HIGH_PRICE double
            13 LOW_PRICE double
            14 CLOSE_PRICE double
            15 EXCHANGE_ID char
            16 DESCRIPTION String
            17 LAST_ID char
            18 OPEN_PRICE double
            19 NET_CHANGE double
            20 FUTURE_CHANGE_PERCENT double
            21 EXCHANGE_NAME String
            22 SECURITY_STATUS String
            23 OPEN_INTEREST int
            24 MARK double
            25 TICK double
            26 TICK_AMOUNT double
            27 PRODUCT String
            28 FUTURE_PRICE_FORMAT String
            29 FUTURE_TRADING_HOURS String
            30 FUTURE_IS_TRADABLE bool
            31 FUTURE_MULTIPLIER double
            32 FUTURE_IS_ACTIVE bool
            33 FUTURE_SETTLEMENT_PRICE double
            34 FUTURE_ACTIVE_SYMBOL String
            35 FUTURE_EXPIRATION_DATE long
            36 EXPIRATION_STYLE String
            37 ASK_TIME_MILLIS long
            38 BID_TIME_MILLIS long
            39 QUOTED_IN_SESSION bool
            40 SETTLEMENT_DATE long
            """);

    /** GUIDE §3.4 gives names and order only; the types follow the same names in the futures table. */
    static final FieldTable FUTURES_OPTIONS = new FieldTable(roleMap(Role.BID, 1, Role.ASK, 2, Role.LAST, 3,
            Role.BID_SIZE, 4, Role.ASK_SIZE, 5, Role.VOLUME, 8, Role.QUOTE_TIME, 10, Role.TRADE_TIME, 11, Role.HIGH, 12,
            Role.LOW, 13, Role.PREV_CLOSE, 14, Role.OPEN, 17), """
            0 SYMBOL String
            1 BID double
            2 ASK double
            3 LAST double
            4 BID_SIZE long
            5 ASK_SIZE long
            6 BID_ID char
            7 ASK_ID char
            8 TOTAL_VOLUME long
            9 LAST_SIZE long
            10 QUOTE_TIME long
            11 TRADE_TIME long
            12 HIGH double
            13 LOW double
            14 CLOSE double
            15 LAST_ID char
            16 DESCRIPTION String
            17 OPEN double
            18 OPEN_INTEREST int
            19 MARK double
            20 TICK double
            21 TICK_AMOUNT double
            22 MULTIPLIER double
            23 SETTLEMENT_PRICE double
            24 UNDERLYING_SYMBOL String
            25 STRIKE double
            26 EXPIRATION_DATE long
            27 EXPIRATION_STYLE String
            28 CONTRACT_TYPE String
            29 SECURITY_STATUS String
            30 EXCHANGE_ID char
            31 EXCHANGE_NAME String
            """);
}
