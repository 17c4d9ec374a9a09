/* Interleaved latency of two HTTP servers on loopback, one request at a time.
 *
 * Usage: interleave SECONDS BLOCK PATH PORT_A HOSTS_A PORT_B HOSTS_B
 *
 * Sends GET PATH to server A BLOCK times, then to server B BLOCK times, and so on for SECONDS,
 * which server goes first alternating from one pair of blocks to the next; the Host header
 * rotates over each server's hosts (one per line in HOSTS_A / HOSTS_B). Every request opens
 * its own connection (gunicorn's sync workers close it after each answer), as wrk does. A
 * request's latency runs from just before it is written to the last byte of its answer (its
 * Content-Length read), as wrk measures it. The two servers share every second of the machine's
 * state, so a change of the machine's speed lands on both alike.
 *
 * Prints one line: INTERLEAVE {"requests":[a,b],"errors":[a,b],"p50_us":[a,b],"p90_us":[a,b]}
 * Any answer other than 200 counts as an error.
 */
#define _GNU_SOURCE  /* memmem */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_ANSWER (1 << 20)

struct server {
    int port;
    char **requests;
    size_t *lengths;
    size_t count, next;
    long long *latencies;
    size_t done, capacity;
    long errors;
};

static char answer[MAX_ANSWER];

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void load_hosts(struct server *s, const char *file, const char *path) {
    FILE *in = fopen(file, "r");
    if (!in) { perror(file); exit(2); }
    char line[512];
    size_t capacity = 16;
    s->requests = malloc(capacity * sizeof *s->requests);
    s->lengths = malloc(capacity * sizeof *s->lengths);
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0]) continue;
        if (s->count == capacity) {
            capacity *= 2;
            s->requests = realloc(s->requests, capacity * sizeof *s->requests);
            s->lengths = realloc(s->lengths, capacity * sizeof *s->lengths);
        }
        char *request = malloc(strlen(path) + strlen(line) + 64);
        s->lengths[s->count] = (size_t)sprintf(request, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", path, line);
        s->requests[s->count++] = request;
    }
    fclose(in);
    if (!s->count) { fprintf(stderr, "%s: no hosts\n", file); exit(2); }
}

/* Length of the whole answer once its head is in, or 0 while it is not. */
static size_t answer_length(size_t have) {
    char *end = memmem(answer, have, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = (size_t)(end - answer) + 4;
    for (char *p = answer; p < end; p++) {
        if (strncasecmp(p, "\r\ncontent-length:", 17) == 0) return head + strtoul(p + 17, NULL, 10);
    }
    return head;
}

/* One request; its latency in ns, or -1 on any failure or non-200 answer. */
static long long one_request(const struct server *s, const char *request, size_t length) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short)s->port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) { close(fd); return -1; }
    long long started = now_ns();
    if (write(fd, request, length) != (ssize_t)length) { close(fd); return -1; }
    size_t have = 0, total = 0;
    for (;;) {
        ssize_t got = read(fd, answer + have, sizeof answer - have);
        if (got <= 0) { close(fd); return -1; }
        have += (size_t)got;
        if (!total) total = answer_length(have);
        if (total && have >= total) break;
        if (have == sizeof answer) { close(fd); return -1; }
    }
    long long latency = now_ns() - started;
    close(fd);
    return strncmp(answer, "HTTP/1.1 200", 12) == 0 ? latency : -1;
}

static void run_block(struct server *s, int block) {
    for (int i = 0; i < block; i++) {
        size_t index = s->next++ % s->count;
        long long latency = one_request(s, s->requests[index], s->lengths[index]);
        if (latency < 0) { s->errors++; continue; }
        if (s->done == s->capacity) {
            s->capacity = s->capacity ? s->capacity * 2 : 65536;
            s->latencies = realloc(s->latencies, s->capacity * sizeof *s->latencies);
        }
        s->latencies[s->done++] = latency;
    }
}

static int by_value(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static double percentile_us(struct server *s, double fraction) {
    if (!s->done) return 0;
    return s->latencies[(size_t)(fraction * (double)(s->done - 1))] / 1000.0;
}

int main(int argc, char **argv) {
    if (argc != 8) {
        fprintf(stderr, "usage: %s SECONDS BLOCK PATH PORT_A HOSTS_A PORT_B HOSTS_B\n", argv[0]);
        return 2;
    }
    double seconds = atof(argv[1]);
    int block = atoi(argv[2]);
    struct server servers[2] = {{.port = atoi(argv[4])}, {.port = atoi(argv[6])}};
    load_hosts(&servers[0], argv[5], argv[3]);
    load_hosts(&servers[1], argv[7], argv[3]);
    long long end = now_ns() + (long long)(seconds * 1e9);
    for (long pair = 0; now_ns() < end; pair++) {
        int first = (int)(pair % 2);
        run_block(&servers[first], block);
        run_block(&servers[1 - first], block);
    }
    for (int i = 0; i < 2; i++) qsort(servers[i].latencies, servers[i].done, sizeof(long long), by_value);
    printf("INTERLEAVE {\"requests\":[%zu,%zu],\"errors\":[%ld,%ld],\"p50_us\":[%.1f,%.1f],\"p90_us\":[%.1f,%.1f]}\n",
           servers[0].done, servers[1].done, servers[0].errors, servers[1].errors,
           percentile_us(&servers[0], 0.5), percentile_us(&servers[1], 0.5),
           percentile_us(&servers[0], 0.9), percentile_us(&servers[1], 0.9));
    return 0;
}
