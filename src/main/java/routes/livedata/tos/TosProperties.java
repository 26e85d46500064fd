package routes.livedata.tos;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code thor.livedata.tos.*}: the thinkorswim export poller (CONTRACT §4); README "Properties" explains each key.
 *
 * @param enabled             poll the export on the leader of {@code livedata}
 * @param file                the export Excel or a macro writes: a .csv, or a workbook (.xlsx/.xlsm) whose cached
 *                            values are read
 * @param pollInterval        how often the file is checked for a new version
 * @param settleTime          how long size and modification time must stay the same before a new version is read
 * @param sheet               the workbook sheet to read; empty for the first sheet. Not used for CSV
 * @param requireFinalNewline a CSV whose last line does not end in a line break is taken as caught half-written
 * @param aliases             symbol → root, looked up after the leading '/' or '$' and any ':exchange' are
 *                            removed; added to {@link #DEFAULT_ALIASES}, never replacing them
 * @param frozenAfter         no row changing for this long while a market of the file's symbols is open: the export
 *                            is frozen (an interruption)
 * @param frozenCheckInterval how often the coverage check looks whether the export is frozen (route
 *                            coverage-tos-frozen)
 */
public record TosProperties(
        @DefaultValue("false") boolean enabled,
        @NotBlank @Pattern(regexp = "(?i).+\\.(csv|xlsx|xlsm)", message = "must name a .csv, .xlsx or .xlsm file")
        @DefaultValue("tos-export.csv") String file,
        @NotNull @DurationMin(millis = 50) @DefaultValue("1s") Duration pollInterval,
        @NotNull @DurationMin(millis = 10) @DefaultValue("250ms") Duration settleTime,
        @NotNull @DefaultValue("") String sheet,
        @DefaultValue("true") boolean requireFinalNewline,
        Map<@NotBlank String, @NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9./-]*",
                message = "must be a symbol root such as ES") String> aliases,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("2m") Duration frozenAfter,
        @NotNull @DurationMin(millis = 10) @DefaultValue("10s") Duration frozenCheckInterval) {

    /** The names thinkorswim exports for roots that other feeds spell differently. */
    public static final Map<String, String> DEFAULT_ALIASES =
            Map.of("RT", "RTY", "30YRBOND", "ZB", "DXY", "DX", "USDX", "DX");

    public TosProperties {
        Map<String, String> all = new LinkedHashMap<>(DEFAULT_ALIASES);
        if (aliases != null) {
            all.putAll(aliases);
        }
        aliases = Collections.unmodifiableMap(all);
    }
}
