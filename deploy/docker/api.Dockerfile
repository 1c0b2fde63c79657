# syntax=docker/dockerfile:1
# MotCua API node: the HTTP API alone, a stateless Orleans client that finds the silos' gateways in the
# PostgreSQL membership table. Scales independently of the silos.
# Build from the repository root:  docker build -f deploy/docker/api.Dockerfile -t motcua/api:TAG .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Grains.Interfaces/Grains.Interfaces.csproj src/Grains.Interfaces/
COPY src/Api/Api.csproj src/Api/
RUN dotnet restore src/Api/Api.csproj
COPY src/Grains.Interfaces/ src/Grains.Interfaces/
COPY src/Api/ src/Api/
RUN dotnet publish src/Api/Api.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "MotCua.Api.dll"]
