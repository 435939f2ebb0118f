package dev.snpkm.unlock.luks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The PBKDF for a new keyslot. The enrolled key is 128-256 random bits (kmip-unlock refuses any other released key:
 * AttestedKeySource), so a slow KDF adds no strength; argon2id's default memory cost (up to 1 GiB) can even fail in a
 * small guest's initramfs. Empty means cryptsetup's default.
 */
public record KeyslotPbkdf(Optional<String> algorithm, OptionalInt iterations) {
    public KeyslotPbkdf {
        algorithm.ifPresent(a -> {
            if (!List.of("pbkdf2", "argon2i", "argon2id").contains(a)) {
                throw new IllegalArgumentException("pbkdf must be pbkdf2, argon2i or argon2id, not '" + a + "'");
            }
        });
        if (iterations.isPresent() && iterations.getAsInt() < 1000) {
            throw new IllegalArgumentException("cryptsetup needs at least 1000 PBKDF iterations");
        }
    }

    public static KeyslotPbkdf cryptsetupDefault() {
        return new KeyslotPbkdf(Optional.empty(), OptionalInt.empty());
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>();
        algorithm.ifPresent(a -> args.add("--pbkdf=" + a));
        iterations.ifPresent(i -> args.add("--pbkdf-force-iterations=" + i));
        return args;
    }
}
