import Hummingbird
import Logging
import Services

/// Builds the HTTP router of the main port: problem+json for every error, `/healthz`, the
/// login route, every resource's routes behind `AuthMiddleware`, and the console's static files.
public enum APIRouter {
    /// The resource route groups served under `/api/v1` behind authentication.
    /// Adding a resource is one line here.
    public static func groups(_ services: ServiceContainer) -> [any RouteGroup] {
        [
            SessionRoutes(auth: services.auth),
            UserRoutes(auth: services.auth),
            TokenRoutes(auth: services.auth),
            MachineRoutes(machines: services.machines),
            DiscoveredRoutes(discovery: services.discovery),
            ImageRoutes(images: services.images),
            JobRoutes(jobs: services.jobs),
            BootItemRoutes(bootItems: services.bootItems),
            SettingsRoutes(settings: services.settings),
            EventRoutes(events: services.events),
            StatsRoutes(stats: services.stats),
        ]
    }

    /// - Parameters:
    ///   - services: the service layer.
    ///   - webRoot: directory of the console, nil for none.
    ///   - extraGroups: more authenticated route groups (other modules' resources).
    ///   - publicRoutes: registers unauthenticated routes (the boot endpoints) on the router.
    public static func build(services: ServiceContainer, webRoot: String?, extraGroups: [any RouteGroup] = [],
                             publicRoutes: (Router<APIContext>) -> Void = { _ in }) -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.add(middleware: LogRequestsMiddleware(.debug))
        // Requests by route and status (swift-metrics; Prometheus when `serve` bootstrapped it).
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ProblemMiddleware())
        if let webRoot { router.add(middleware: StaticFilesMiddleware(root: WebRoot(directory: webRoot))) }
        HealthRoutes.register(on: router)
        publicRoutes(router)

        let api = router.group("api/v1")
        let session = SessionRoutes(auth: services.auth)
        session.registerPublic(on: api)
        ErrorRoutes.register(on: api)
        let protected = api.group().add(middleware: AuthMiddleware(auth: services.auth))
        for group in groups(services) + extraGroups { group.register(on: protected) }
        return router
    }
}
