/**
 * JMH benchmarks of operation-queue against the peers a user would pick instead, each measured in the
 * same run as its peers. One class per benchmark of the suite; the implementation under test is an
 * enum {@code @Param}, and each class's Javadoc gives the command that runs it.
 *
 * <p>Build the jar from the repository root (a reactor build, nothing installed), then run a class or
 * the whole suite; {@code bench/run.sh} does both and prints each comparison as a ratio:
 * <pre>
 * mvn -B -q -pl operation-queue-benchmarks -am package -Dmaven.test.skip=true
 * java -jar operation-queue-benchmarks/target/benchmarks.jar -l
 * </pre>
 *
 * <p>Numbers are only comparable within one run on one machine; {@code BENCHMARKS.md} records how
 * they were taken and what limits each of them.
 */
package io.github.operationqueue.benchmarks;
