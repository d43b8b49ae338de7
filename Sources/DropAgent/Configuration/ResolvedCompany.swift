/// A company of the configuration with its Teamleader department found.
package struct ResolvedCompany: Sendable, Equatable {
    package var name: String
    package var departmentId: String
    package var departmentName: String
}
