# Sourced by the bench scripts, from the repository root: compiles the server's tests and sets CP to
# their classpath (the benches live in the test sources), and JAVA to the JDK named by JAVA_HOME.
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
_cp_file=$(mktemp)
./mvnw -B -q -pl server test-compile dependency:build-classpath -Dmdep.outputFile="$_cp_file" \
  -Dmdep.includeScope=test > /dev/null
CP="server/target/test-classes:server/target/classes:$(cat "$_cp_file")"
rm -f "$_cp_file"
