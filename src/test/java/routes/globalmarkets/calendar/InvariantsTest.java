package routes.globalmarkets.calendar;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties every market must keep on every day the running system asks about: published and projected days
 * alike, from the history start through the end of the year after next (built-in, demo and minimal catalogs).
 */
class InvariantsTest {

    private static List<Market> allMarkets() {
        List<Market> all = new ArrayList<>(Catalogs.builtIn().markets());
        all.addAll(Catalogs.resource("/markets/demo-24x7.yaml").markets());
        all.addAll(Catalogs.yaml(MinimalCatalogTest.CONTRACT_EXAMPLE).markets());
        return all;
    }

    @Test
    void theCatalogHoldsTheMarketsOfIssue3() {
        assertThat(Catalogs.builtIn().markets()).extracting(Market::id).containsExactlyInAnyOrder(
                "USA", "PRE_USA", "CANADA", "MEXICO", "UK", "GERMANY", "JAPAN", "CHINA", "INDIA",
                "FRANCE", "SWITZERLAND", "HONG_KONG", "KOREA", "AUSTRALIA", "SINGAPORE", "TAIWAN",
                "BRAZIL", "SOUTH_AFRICA", "CME_GLOBEX");
        for (Market m : Catalogs.builtIn().markets()) {
            assertThat(m.calendar().validFrom()).as(m.id()).isEqualTo(LocalDate.of(2025, 1, 1));
            // loaded on 2026-11-30: every market answers through the end of the year after next
            assertThat(m.calendar().validTo()).as(m.id()).isEqualTo(LocalDate.of(2028, 12, 31));
            assertThat(m.calendar().publishedTo()).as(m.id()).isAfterOrEqualTo(LocalDate.of(2026, 12, 31));
        }
        assertThat(Catalogs.builtIn().listing("ES")).extracting(Market::id).contains("CME_GLOBEX", "USA");
        assertThat(Catalogs.builtIn().find("CME_GLOBEX").orElseThrow().symbols()).containsExactly("ES", "NQ", "YM", "RTY");
    }

    @Test
    void sessionsAreSortedOpenBeforeCloseBreaksInsideAndNeverOverlap() {
        for (Market m : allMarkets()) {
            MarketCalendar c = m.calendar();
            List<TradingSession> sessions = c.sessions(c.validFrom(), c.validTo());
            assertThat(sessions).as(m.id()).isNotEmpty();
            TradingSession previous = null;
            for (TradingSession s : sessions) {
                String what = m.id() + " " + s.date();
                assertThat(s.open()).as(what).isBefore(s.close());
                assertThat(Duration.between(s.open(), s.close())).as(what).isLessThanOrEqualTo(Duration.ofDays(5));
                Instant cursor = s.open();
                for (TradingSession.Break b : s.breaks()) {
                    assertThat(b.start()).as(what).isAfter(cursor);
                    assertThat(b.end()).as(what).isAfter(b.start()).isBefore(s.close());
                    cursor = b.end();
                }
                if (previous != null) {
                    assertThat(s.date()).as(what).isAfter(previous.date());
                    assertThat(s.open()).as(what).isAfterOrEqualTo(previous.close());
                }
                assertThat(c.sessionOn(s.date())).as(what).contains(s);
                previous = s;
            }
        }
    }

    @Test
    void everyDayOfTheValidityAnswersAndStateAgreesWithSessions() {
        for (Market m : allMarkets()) {
            MarketCalendar c = m.calendar();
            for (LocalDate d = c.validFrom(); !d.isAfter(c.validTo()); d = d.plusDays(1)) {
                // weekends and holidays have no session; a holiday is never a session date
                if (c.isHoliday(d)) {
                    assertThat(c.sessionOn(d)).as(m.id() + " " + d).isEmpty();
                }
                // local noon: the state must agree with the session that spans it
                Instant noon = d.atTime(12, 0).atZone(c.zone()).toInstant();
                MarketState st = c.stateAt(noon);
                assertThat(st.covers(noon)).as(m.id() + " " + d).isTrue();
                assertThat(st.isOpen()).as(m.id() + " " + d).isEqualTo(c.isOpen(noon));
                if (st.status() != MarketStatus.CLOSED) {
                    assertThat(st.session().spans(noon)).as(m.id() + " " + d).isTrue();
                }
            }
        }
    }

    @Test
    void transitionsAlternateAndAreStrictlyOrdered() {
        for (Market m : allMarkets()) {
            MarketCalendar c = m.calendar();
            Instant from = c.validFrom().minusDays(1).atStartOfDay(c.zone()).toInstant();
            Instant to = c.validTo().plusDays(2).atStartOfDay(c.zone()).toInstant();
            List<Transition> all = c.transitionsBetween(from, to);
            assertThat(all).as(m.id()).isNotEmpty();
            assertThat(all.get(0).status()).as(m.id()).isEqualTo(MarketStatus.OPEN);
            for (int i = 1; i < all.size(); i++) {
                Transition a = all.get(i - 1);
                Transition b = all.get(i);
                assertThat(b.at()).as(m.id() + " " + b).isAfter(a.at());
                assertThat(b.status()).as(m.id() + " " + b).isNotEqualTo(a.status());
                if (a.status() == MarketStatus.BREAK) {
                    assertThat(b.status()).as(m.id() + " " + b).isEqualTo(MarketStatus.OPEN);
                }
                // the state just after a change is the change
                if (c.isValid(LocalDate.ofInstant(b.at(), c.zone()))) {
                    assertThat(c.stateAt(b.at()).status()).as(m.id() + " " + b).isEqualTo(b.status());
                    assertThat(c.stateAt(b.at()).since()).as(m.id() + " " + b).isEqualTo(b.at());
                }
            }
        }
    }
}
