/**
 * Negative controls: deliberately broken variants of loopcore's protocols, to show the suite can
 * fail. Excluded from the CI run (stress/run-quick.sh selects {@code dev.loopcore.stress.[A-Z].*});
 * run them with {@code stress/run-negative.sh}: each must report its FORBIDDEN outcome.
 */
package dev.loopcore.stress.negative;
