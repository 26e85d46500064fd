package routes.livedata.tos;

import org.springframework.stereotype.Component;
import routes.livedata.LiveDataProperties;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the export is and how it is polled, in the units the camel-file endpoint takes. The route reads
 * these as {@code {{bean:tosExportFile.directory}}} and so on, because a placeholder cannot split a path
 * or turn {@code 250ms} into milliseconds.
 */
@Component("tosExportFile")
public class TosExportFile {

    private final Path path;
    private final TosProperties tos;

    public TosExportFile(LiveDataProperties props) {
        this.tos = props.tos();
        this.path = Path.of(tos.file()).toAbsolutePath().normalize();
    }

    public Path path() {
        return path;
    }

    /** An .xlsx or .xlsm workbook (the same package format), else CSV. */
    public boolean isWorkbook() {
        String name = fileName().toLowerCase(Locale.ROOT);
        return name.endsWith(".xlsx") || name.endsWith(".xlsm");
    }

    public String directory() {
        return path.getParent().toString().replace('\\', '/');
    }

    public String fileName() {
        return path.getFileName().toString();
    }

    public long pollMillis() {
        return tos.pollInterval().toMillis();
    }

    /** readLock=changed: two looks this far apart must see the same size and modification time. */
    public long settleMillis() {
        return tos.settleTime().toMillis();
    }

    /** A file still changing after this long is skipped for this poll and tried at the next. */
    public long settleTimeoutMillis() {
        return 4 * settleMillis();
    }
}
