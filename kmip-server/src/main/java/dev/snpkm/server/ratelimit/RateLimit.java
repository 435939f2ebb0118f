package dev.snpkm.server.ratelimit;

/**
 * A token-bucket rate: {@code perSecond} sustained, up to {@code burst} at once.
 *
 * @param perSecond tokens added per second
 * @param burst the bucket's size, and the tokens a new client starts with
 */
public record RateLimit(double perSecond, int burst) {
    public RateLimit {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
    }
}
