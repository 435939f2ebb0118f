package dev.snpkm.kmip.registry;

/**
 * Turns a specification name ("SHA-256", "PKCS#11 Function", "ANSI X9.31") into the CamelCase form the KMIP XML and
 * JSON encodings use ("SHA_256", "PKCS_11Function", "ANSIX9_31"), following KMIP Profiles 2.1 §5.4.1.1: brackets
 * become spaces, a non-word character not followed by a word character becomes a space, remaining non-word characters
 * become underscores, then each word gets a capital first letter and the spaces go.
 */
public final class NameNormalizer {
    private NameNormalizer() {
    }

    public static String normalize(String specName) {
        String s = specName.replace('(', ' ').replace(')', ' ');
        StringBuilder step = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (isWordChar(ch) || ch == ' ') {
                step.append(ch);
            } else {
                boolean nextIsWord = i + 1 < s.length() && isWordChar(s.charAt(i + 1));
                step.append(nextIsWord ? '_' : ' ');
            }
        }
        StringBuilder out = new StringBuilder(step.length());
        for (String word : step.toString().trim().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            out.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        }
        return out.toString();
    }

    private static boolean isWordChar(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_';
    }
}
