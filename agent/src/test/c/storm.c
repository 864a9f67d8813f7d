/*
 * storm DIR ITERATIONS: in DIR, ITERATIONS times: create and open a file, write a byte, close it,
 * rename it, delete it. Under a watch with every kind enabled that is 7 inotify events each
 * (IN_CREATE, IN_OPEN, IN_MODIFY, IN_CLOSE_WRITE, IN_MOVED_FROM, IN_MOVED_TO, IN_DELETE).
 * Prints the iterations done and the seconds taken.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: storm DIR ITERATIONS\n");
        return 2;
    }
    long n = atol(argv[2]);
    char from[4096], to[4096];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < n; i++) {
        snprintf(from, sizeof from, "%s/f%ld", argv[1], i);
        snprintf(to, sizeof to, "%s/g%ld", argv[1], i);
        int fd = open(from, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        if (fd < 0 || write(fd, "x", 1) != 1 || close(fd) != 0 || rename(from, to) != 0 || unlink(to) != 0) {
            perror(from);
            return 1;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%ld iterations in %.3f s\n", n, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
