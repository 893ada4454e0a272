/**
 * The supply-chain closeout lines: cosign signature verification of every deployed image over the
 * registry's distribution API, and SBOM drift with the scanner's vulnerability report. May import
 * {@code config} and {@code support}.
 */
package io.intelgraph.cutover.supplychain;
