# syntax=docker/dockerfile:1
# MotCua silo: Orleans silo (grains, PostgreSQL storage, reminders) that also serves the HTTP API.
# Build from the repository root:  docker build -f deploy/docker/silo.Dockerfile -t motcua/silo:TAG .
# The same image runs the schema migration: `dotnet MotCua.Silo.dll migrate` (see deploy/k8s/migrate-job.yaml).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so a code change does not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Grains.Interfaces/Grains.Interfaces.csproj src/Grains.Interfaces/
COPY src/Gateways/Gateways.csproj src/Gateways/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/Api/Api.csproj src/Api/
COPY src/Silo/Silo.csproj src/Silo/
RUN dotnet restore src/Silo/Silo.csproj
COPY src/ src/
COPY deploy/sql/ deploy/sql/
RUN dotnet publish src/Silo/Silo.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app .
# HTTP (API, /health, /metrics, /dashboard), silo-to-silo, gateway for API nodes.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    MotCua__Silo__SiloPort=11111 \
    MotCua__Silo__GatewayPort=30000
EXPOSE 8080 11111 30000
# The non-root user the official .NET images define.
USER $APP_UID
ENTRYPOINT ["dotnet", "MotCua.Silo.dll"]
