@echo off
rem Runs backprop-lab on Windows, from cmd.exe or PowerShell (.\backprop-lab.cmd train), as the
rem bash script backprop-lab does elsewhere: builds target\backprop-lab.jar first when it is
rem missing or older than the sources, so nobody has to type a classpath. A change there belongs
rem here too.
rem No path is ever expanded inside parentheses: a ")" in a folder's name would end the block,
rem and delayed expansion stays off: a "!" in one would vanish.
setlocal EnableExtensions DisableDelayedExpansion
set "here=%~dp0"
set "here=%here:~0,-1%"
set "jar=%here%\target\backprop-lab.jar"

rem The Java that Maven builds with (JAVA_HOME first, as Maven takes it) runs the jar too.
rem %%~$PATH: is cmd's own search of the PATH (where.exe is not needed, nor always there).
for %%i in (java.exe) do set "java=%%~$PATH:i"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "java=%JAVA_HOME%\bin\java.exe"
if defined java goto javaFound
>&2 echo backprop-lab: no java on the PATH, nor in JAVA_HOME: install Java 17 or newer
exit /b 1
:javaFound

rem Stale when the jar or target\lib is missing, or anything in src\main (a folder too: a file
rem deleted) or pom.xml is newer than the jar. PowerShell compares the times: cmd itself sees
rem them only as text in the locale's format, to the minute (%%~t), and forfiles only by day.
rem Windows PowerShell must not load PowerShell 7's modules, which a PSModulePath inherited
rem from pwsh would point it to (the Maven Wrapper clears it for the same reason).
set "BACKPROP_LAB_STALE_JAR=%jar%"
set "BACKPROP_LAB_STALE_LIB=%here%\target\lib"
set "BACKPROP_LAB_STALE_SRC=%here%\src\main"
set "BACKPROP_LAB_STALE_POM=%here%\pom.xml"
rem Any failure, PowerShell missing included (9009), counts as stale: a needless build is safe.
set "keptModulePath=%PSModulePath%"
set "PSModulePath="
powershell -NoLogo -NoProfile -NonInteractive -Command "$jar = Get-Item -LiteralPath $env:BACKPROP_LAB_STALE_JAR -ErrorAction SilentlyContinue; if (-not $jar -or -not (Test-Path -LiteralPath $env:BACKPROP_LAB_STALE_LIB -PathType Container)) { exit 1 }; $t = $jar.LastWriteTimeUtc; $newer = @(Get-Item -LiteralPath $env:BACKPROP_LAB_STALE_SRC, $env:BACKPROP_LAB_STALE_POM) + @(Get-ChildItem -LiteralPath $env:BACKPROP_LAB_STALE_SRC -Recurse -Force) | Where-Object { $_.LastWriteTimeUtc -gt $t } | Select-Object -First 1; if ($newer) { exit 1 }; exit 0" >nul 2>nul
set "stale=%errorlevel%"
set "PSModulePath=%keptModulePath%"
set "keptModulePath="
set "BACKPROP_LAB_STALE_JAR="
set "BACKPROP_LAB_STALE_LIB="
set "BACKPROP_LAB_STALE_SRC="
set "BACKPROP_LAB_STALE_POM="
if "%stale%"=="0" goto run

>&2 echo backprop-lab: building the jar (first run, or the sources changed) ...
rem Maven rewrites the jar in place, under a backprop-lab still running from it (a lab server).
rem Windows lets nobody rename or replace a jar a JVM has open: then say so, and build nothing.
if not exist "%jar%" goto build
if exist "%jar%.old" del /f /q "%jar%.old" >nul 2>nul
move /y "%jar%" "%jar%.old" >nul 2>nul
if not errorlevel 1 goto build
>&2 echo backprop-lab: target\backprop-lab.jar is in use, by a backprop-lab still running from it (a lab server?): stop it, then run this again
exit /b 1

:build
rem Maven as installed, else the Maven Wrapper, which fetches Maven from Maven Central once: Java
rem is then all a learner installs. Both are batch files: "call" comes back from them.
for %%i in (mvn.cmd) do set "mvn=%%~$PATH:i"
if not defined mvn set "mvn=%here%\mvnw.cmd"
set "log=%TEMP%\backprop-lab-build-%RANDOM%%RANDOM%.log"
pushd "%here%"
call "%mvn%" -B -q -DskipTests package >"%log%" 2>&1
set "built=%errorlevel%"
popd
if "%built%"=="0" goto built
type "%log%" >&2
del /f /q "%log%" >nul 2>nul
>&2 echo backprop-lab: the build failed; see the lines above
exit /b 1
:built
del /f /q "%log%" >nul 2>nul

:run
rem The lab's server only answers small requests: the quick C1 compiler alone gets it listening
rem sooner on a busy machine (see backprop-lab).
if "%~1"=="serve" set "BACKPROP_LAB_JAVA_OPTS=-XX:TieredStopAtLevel=1 %BACKPROP_LAB_JAVA_OPTS%"
set "BACKPROP_LAB_HOME=%here%"
rem The commands backprop-lab prints to copy start with .\backprop-lab.cmd, paths in cmd's quotes.
set "BACKPROP_LAB_LAUNCHER=%~nx0"
rem A JVM crash report goes to the temp folder, never into the user's working folder (%%p: the
rem JVM's process id). BACKPROP_LAB_JAVA_OPTS may hold several options, split on spaces.
"%java%" "-XX:ErrorFile=%TEMP%\backprop-lab-hs_err_pid%%p.log" %BACKPROP_LAB_JAVA_OPTS% -jar "%jar%" %*
exit /b %errorlevel%
