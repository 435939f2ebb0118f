package dev.snpkm.kmip.registry;

/**
 * Turns a specification name ("SHA-256", "PKCS#11 Function", "ANSI X9.31", "Pre-Active", "HMAC-SHA256", "3DES") into
 * the CamelCase form the KMIP XML and JSON encodings use ("SHA_256", "PKCS_11Function", "ANSIX9_31", "PreActive",
 * "HMAC_SHA256", "DES3"), following KMIP Profiles 2.1 §5.4.1.1: brackets become spaces; a non-word character followed
 * by a letter and then a lower-case letter becomes a space (it separates words), any other non-word character an
 * underscore (it sits inside a token such as a version or algorithm name); digits that start the first word move to
 * its end; then each word gets a capital first letter and the spaces go. The OASIS test cases confirm each rule
 * ("IV/Counter/Nonce" is IVCounterNonce, "Template-Attribute" TemplateAttribute, "X.509" X_509).
 */
public final class NameNormalizer {
    private NameNormalizer() {}

    public static String normalize(String specName) {
        String s = specName.replace('(', ' ').replace(')', ' ');
        StringBuilder step = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (isWordChar(ch) || ch == ' ') {
                step.append(ch);
            } else {
                step.append(startsWord(s, i + 1) ? ' ' : '_');
            }
        }
        String[] words = step.toString().trim().split(" +");
        words[0] = moveLeadingDigitsToEnd(words[0]);
        StringBuilder out = new StringBuilder(step.length());
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            out.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        }
        return out.toString();
    }

    private static String moveLeadingDigitsToEnd(String word) {
        int digits = 0;
        while (digits < word.length() && Character.isDigit(word.charAt(digits))) {
            digits++;
        }
        return digits == word.length() ? word : word.substring(digits) + word.substring(0, digits);
    }

    /** A letter then a lower-case letter ("Active", "key"), or nothing / a space: the non-word character before separates. */
    private static boolean startsWord(String s, int i) {
        if (i >= s.length() || s.charAt(i) == ' ') {
            return true;
        }
        return i + 1 < s.length() && Character.isLetter(s.charAt(i)) && Character.isLowerCase(s.charAt(i + 1));
    }

    private static boolean isWordChar(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_';
    }
}
