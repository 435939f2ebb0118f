/**
 * What the KMIP XML and JSON encodings (KMIP Profiles 2.1 §5.4, §5.5) share: tag names, the text form of each item
 * type's value, the naming of enumeration and mask values (including the context-dependent cases) and test-case
 * placeholders. The XML and JSON packages only add their syntax.
 */
package dev.snpkm.kmip.text;
