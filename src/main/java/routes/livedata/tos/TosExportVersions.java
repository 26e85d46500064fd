package routes.livedata.tos;

import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.springframework.stereotype.Component;

/**
 * The export versions (name, modification time, size) the file route has already taken, so each is read
 * once. The poller forgets them all when a read fails (a locked or unreadable file): the same version is
 * then taken again at the next poll, and the snapshot diff keeps a re-read from publishing anything twice.
 */
@Component("tosExportVersions")
public class TosExportVersions extends MemoryIdempotentRepository {

    public TosExportVersions() {
        setCacheSize(1_000);
    }
}
