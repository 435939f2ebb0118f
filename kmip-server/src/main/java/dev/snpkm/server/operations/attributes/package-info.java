/**
 * The attribute rules (KMIP 1.4 §3, 2.1 §4): which attributes a client may set, change or delete and which the
 * server sets, the initial attributes of a new object (Initial Date, Fresh, Always Sensitive...), unique Names per
 * owner, the 1.x Templates a request names, Lease Time; and the attributes' forms: stored ({@code StoredAttributes}),
 * as Get Attributes answers them for the client's version ({@code AttributeView}), and as Locate filters them.
 */
package dev.snpkm.server.operations.attributes;
