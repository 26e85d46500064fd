package routes.globalmarkets.calendar;

import java.time.LocalDate;

/**
 * Asked for a date the market's calendar does not know (its holidays are not published that far, or the
 * date is before the first day it models). Never answered with a guess.
 */
public class OutsideValidityException extends RuntimeException {
    private final String marketId;

    public OutsideValidityException(String marketId, LocalDate asked, LocalDate validFrom, LocalDate validTo) {
        super("market " + marketId + ": " + asked + " is outside its calendar's validity "
                + validFrom + " .. " + validTo);
        this.marketId = marketId;
    }

    public String marketId() {
        return marketId;
    }
}
