/*
 * The floor: the least a watcher of the storm can spend. It watches DIR for every event kind,
 * reads the queue in 64 KiB reads with a 1 ms pause after each (the agent's default batching),
 * and only counts what it reads (comparing names with the sentinel's): no paths, no output, no
 * recording.
 *
 *   floor DIR READY SENTINEL
 *
 * Creates READY once the watch is in place; when SENTINEL is closed after writing, prints
 * "received N overflows M" (the sentinel's own 4 events not counted) and exits.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: floor DIR READY SENTINEL\n");
        return 2;
    }
    int fd = inotify_init1(IN_CLOEXEC);
    if (fd < 0 || inotify_add_watch(fd, argv[1], IN_ALL_EVENTS) < 0) {
        perror("floor: inotify");
        return 1;
    }
    FILE *ready = fopen(argv[2], "w");
    if (ready == NULL) {
        perror(argv[2]);
        return 1;
    }
    fclose(ready);
    static char buf[65536] __attribute__((aligned(__alignof__(struct inotify_event))));
    long received = 0, overflows = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) {
            perror("floor: read");
            return 1;
        }
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *e = (struct inotify_event *) p;
            if (e->mask & IN_Q_OVERFLOW) {
                overflows++;
            } else if (e->len > 0 && strcmp(e->name, argv[3]) == 0) {
                if (e->mask & IN_CLOSE_WRITE) {
                    printf("received %ld overflows %ld\n", received, overflows);
                    return 0;
                }
            } else {
                received++;
            }
            p += sizeof *e + e->len;
        }
        usleep(1000);
    }
}
